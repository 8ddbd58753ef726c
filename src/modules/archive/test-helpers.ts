/**
 * A seeded instance for the archive's tests (unit and browser): an assembly with a directory of 205
 * commons (five pages of fifty, past the 200 a crawler like wget stops at), meetings with minutes and a
 * task board, a chamber with its social code and a proposal; and the archive made of it through the
 * application itself, as the command makes it.
 */
import type { FastifyInstance } from "fastify";
import { loadWithKysely, spaceRows } from "../../../bench/meetings-data.ts";
import { testConfig } from "../../../test/helpers/app.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildCommons,
  buildMember,
} from "../../../test/helpers/factories.ts";
import { buildApp } from "../../app.ts";
import { wikiXmlOf } from "../../cli/archive.ts";
import type { PlaceInput } from "../../core/commons.ts";
import type { Db } from "../../db/connection.ts";
import type { Person } from "../accounts/service.ts";
import { type ArchiveOptions, type ArchiveReport, buildArchive } from "./service.ts";

export const ASSEMBLY = "lilleville";
export const CHAMBER = "velo";
export const COMMONS = 205;
/** A word only one commons's description holds: the search must find it. */
export const RARE_WORD = "ornithorynque";
export const LIVE = "http://communs.test";
/** An old address of the site that answers with a permanent redirect to a section of a page. */
export const OLD_ADDRESS = "/ancienne-adresse";
export const OLD_TARGET = `/espaces/${ASSEMBLY}#contenu`;
/** The section of the wiki's « Compostage » page its redirect « Composteur » lands on. */
export const COMPOST_SECTION = "Où composter";
/** The wiki's category holding more pages than a MediaWiki category page lists at once. */
export const GARDENS = 210;

function placeAt([latitude, longitude]: [number, number]): PlaceInput {
  return {
    label: "",
    street: "",
    postcode: "59000",
    commune: "Lille",
    inseeCode: "",
    country: "FR",
    latitude,
    longitude,
    coarse: false,
  };
}

/**
 * The application, with one old address redirecting: it stands for the wiki's redirect pages
 * (`#REDIRECTION [[Page#Section]]`) and old MediaWiki addresses, whose routes answer the same way.
 */
export async function archiveApp(db: Db): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig({ publicUrl: LIVE }), db });
  app.get(OLD_ADDRESS, (_request, reply) => reply.redirect(OLD_TARGET, 301));
  await app.ready();
  return app;
}

export async function seedInstance(app: FastifyInstance): Promise<{ rareSlug: string }> {
  const admin = await buildAdmin(app);
  const assembly = await buildAssembly(app, { by: admin, slug: ASSEMBLY, name: "Assemblée de Lilleville" });
  const member = await buildMember(app, assembly, "member", { name: "Camille" });
  let rareSlug = "";
  for (let i = 1; i <= COMMONS; i++) {
    const record = await buildCommons(app, ASSEMBLY, member, {
      name: `Commun numéro ${i}`,
      summary: `Le commun numéro ${i} de Lilleville.`,
      ...(i <= 2 ? { places: [placeAt(i === 1 ? [50.6365, 3.0386] : [50.6292, 3.0573])] } : {}),
      ...(i === 7
        ? {
            description: [
              `Un jardin où niche un ${RARE_WORD}.`,
              "",
              `Voir [l’ancienne page](${OLD_ADDRESS}), [une page disparue](/page-disparue), `,
              `[modifier l’assemblée](/espaces/${ASSEMBLY}/modifier) et [l’assemblée](${LIVE}/espaces/${ASSEMBLY}).`,
            ].join("\n"),
          }
        : {}),
    });
    if (i === 7) rareSlug = record.slug;
  }
  // The meetings' attendance lists want eight people.
  const others = [];
  for (const name of ["Alix", "Bao", "Chloé", "Dalia", "Ewen", "Fanny"])
    others.push(await buildMember(app, assembly, "member", { name }));
  const people = [admin, member, ...others].map((p) => ({ id: p.id, name: p.displayName }));
  await loadWithKysely(app.communs.db.kysely, spaceRows(assembly.space.id, people, 4, 6));
  const chamber = await buildChamber(app, {
    by: admin,
    slug: CHAMBER,
    name: "Chambre du vélo",
    assembly: ASSEMBLY,
  });
  const cyclist = await buildMember(app, chamber, "member", { name: "Dominique" });
  await app.communs.decisions.propose(cyclist, CHAMBER, {
    title: "Louer une salle",
    body: "Pour les plénières du vélo.",
  });
  await seedWiki(app, assembly.space.id, member);
  return { rareSlug };
}

/**
 * The assembly's wiki, answering at `/wiki`: a main page, a category of 210 gardens (one with three
 * revisions), and a redirect page to a section of another.
 */
async function seedWiki(app: FastifyInstance, spaceId: string, by: Person): Promise<void> {
  const { pages } = app.communs;
  await pages.placeAtRoot(spaceId, "/wiki");
  const save = (title: string, text: string, comment = "", base?: number) =>
    pages.save(by, ASSEMBLY, title, { text, comment, minor: false, base });
  await save(
    "Accueil",
    "Bienvenue sur le wiki. Voir les [[:Catégorie:Jardins|jardins]] et le [[Compostage]].",
  );
  await save("Catégorie:Jardins", "Les jardins partagés de Lilleville.");
  await save("Compostage", `Les bacs de compost du quartier.\n\n## ${COMPOST_SECTION}\n\nDerrière l’école.`);
  await save("Composteur", `#REDIRECTION [[Compostage#${COMPOST_SECTION}]]`);
  for (let i = 1; i <= GARDENS; i++)
    await save(`Jardin ${i}`, `Le jardin numéro ${i}, voir le [[Compostage]].\n\n[[Catégorie:Jardins]]`);
  let revision = (await pages.history(undefined, ASSEMBLY, "Jardin 1")).revisions[0]?.number;
  for (const [text, comment] of [
    ["Le premier jardin, voir le [[Composteur]].", "précision"],
    ["Le premier jardin, avec une mare.", "la mare"],
  ] as const) {
    const saved = await save("Jardin 1", `${text}\n\n[[Catégorie:Jardins]]`, comment, revision);
    if (saved.status !== "saved") throw new Error(`Jardin 1 not saved: ${saved.status}`);
    revision = saved.revision;
  }
}

/** The archive of the application's site, made as `communs archive` makes it. */
export function archiveOf(
  app: FastifyInstance,
  options: Omit<ArchiveOptions, "fetch" | "publicUrl"> & { fetch?: ArchiveOptions["fetch"] },
): Promise<ArchiveReport> {
  return buildArchive({
    publicUrl: LIVE,
    wikiXml: wikiXmlOf(app, LIVE),
    fetch: async (address) => {
      const answer = await app.inject({ method: "GET", url: address, headers: { "accept-language": "fr" } });
      return { status: answer.statusCode, headers: answer.headers, body: answer.rawPayload };
    },
    ...options,
  });
}
