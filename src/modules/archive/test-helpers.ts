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
import type { Db } from "../../db/connection.ts";
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
  return { rareSlug };
}

/** The archive of the application's site, made as `communs archive` makes it. */
export function archiveOf(
  app: FastifyInstance,
  options: Omit<ArchiveOptions, "fetch" | "publicUrl"> & { fetch?: ArchiveOptions["fetch"] },
): Promise<ArchiveReport> {
  return buildArchive({
    publicUrl: LIVE,
    fetch: async (address) => {
      const answer = await app.inject({ method: "GET", url: address, headers: { "accept-language": "fr" } });
      return { status: answer.statusCode, headers: answer.headers, body: answer.rawPayload };
    },
    ...options,
  });
}
