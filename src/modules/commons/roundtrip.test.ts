// Every export format, read back by its importer into an empty database, gives the same records; a
// second import of the same file changes nothing; a broken file leaves nothing behind.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { testConfig } from "../../../test/helpers/app.ts";
import { type TestDatabase, testDialects } from "../../../test/helpers/db.ts";
import { buildAssembly } from "../../../test/helpers/factories.ts";
import { buildApp } from "../../app.ts";
import type { CommonsInput } from "../../core/commons.ts";
import { EXPORTERS, IMPORTERS } from "./formats/index.ts";
import type { CommonsRecord } from "./service.ts";

const SPACE = "assemblee-source";

const RECORDS: Partial<CommonsInput>[] = [
  {
    name: "Jardin « Les Lilas » ; partagé",
    summary: 'Un jardin "ouvert", avec des ; et des ,',
    description: "## Histoire\n\nNé en 2019.\nDeuxième ligne ; fin.",
    kind: "jardin",
    status: "active",
    contact: "jardin@lilas.example",
    tags: ["jardinage", "Quartier Nord", "semences paysannes"],
    places: [
      {
        label: "Parcelle",
        street: "12 rue des Lilas",
        postcode: "59100",
        commune: "Roubaisville",
        inseeCode: "59512",
        country: "FR",
        latitude: 50.6901234,
        longitude: 3.1812345,
        coarse: false,
      },
      {
        label: "",
        street: "",
        postcode: "59200",
        commune: "Tourquennes",
        inseeCode: "",
        country: "FR",
        latitude: null,
        longitude: null,
        coarse: false,
      },
    ],
    links: [
      { type: "website", url: "https://lilas.example/", label: "Site" },
      { type: "communecter", url: "https://www.communecter.org/#@lilas", label: "" },
    ],
  },
  {
    name: "Logiciel libre de cartes",
    summary: "",
    description: "",
    kind: "logiciel",
    status: "dormant",
    contact: "",
    tags: [],
    places: [],
    links: [],
  },
];

function comparable(record: CommonsRecord) {
  return {
    name: record.name,
    summary: record.summary,
    description: record.description,
    kind: record.kind,
    status: record.status,
    contact: record.contact,
    tags: [...record.tags].sort(),
    places: record.places.map(({ geo: _geo, ...place }) => place),
    links: record.links,
  };
}

async function all(app: FastifyInstance, slug: string) {
  const records: CommonsRecord[] = [];
  for await (const record of app.communs.commons.matching(slug, {})) records.push(record);
  return records.map(comparable).sort((a, b) => a.name.localeCompare(b.name));
}

/** An administrator and an empty assembly, as an instance starts. */
async function withAssembly(app: FastifyInstance, slug: string) {
  return (await buildAssembly(app, { slug, name: slug, territory: "Nord" })).admin;
}

for (const dialect of testDialects()) {
  describe(`export then import round trips [${dialect.name}]`, () => {
    let source: TestDatabase;
    let sourceApp: FastifyInstance;

    before(async () => {
      source = await dialect.create();
      sourceApp = await buildApp({ config: testConfig(), db: source.db });
      const person = await withAssembly(sourceApp, SPACE);
      for (const record of RECORDS)
        await sourceApp.communs.commons.create(person, SPACE, record, { confirmed: true });
    });
    after(async () => {
      await sourceApp.close();
      await source.drop();
    });

    for (const format of Object.keys(EXPORTERS) as (keyof typeof EXPORTERS)[]) {
      it(`reproduces the records through ${format}`, async () => {
        const exported = await sourceApp.inject({
          method: "GET",
          url: `/espaces/${SPACE}/communs/export/${format}`,
        });
        assert.equal(exported.statusCode, 200);
        assert.match(String(exported.headers["content-disposition"]), new RegExp(`communs-${SPACE}`));
        const target = await dialect.create();
        const app = await buildApp({ config: testConfig(), db: target.db });
        try {
          await withAssembly(app, "cible");
          const importer = IMPORTERS[format as keyof typeof IMPORTERS].importer;
          const run = () =>
            app.communs.imports.run(null, "cible", () => importer(Readable.from([exported.rawPayload]), {}), {
              dryRun: false,
            });
          const first = await run();
          assert.equal(first.failure, null);
          assert.equal(first.created, RECORDS.length, JSON.stringify(first.problems));
          assert.deepEqual(await all(app, "cible"), await all(sourceApp, SPACE));
          const again = await run();
          assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, RECORDS.length]);
        } finally {
          await app.close();
          await target.drop();
        }
      });
    }

    it("leaves nothing behind when a file breaks halfway, and a dry run writes nothing", async () => {
      const csv = await sourceApp.inject({ method: "GET", url: `/espaces/${SPACE}/communs/export/csv` });
      const text = csv.body;
      const broken = `${text}"ligne cassée;sans fin\n`;
      const target = await dialect.create();
      const app = await buildApp({ config: testConfig(), db: target.db });
      try {
        await withAssembly(app, "cible");
        const importer = IMPORTERS.csv.importer;
        const failed = await app.communs.imports.run(
          null,
          "cible",
          () => importer(Readable.from([broken]), {}),
          {
            dryRun: false,
          },
        );
        assert.ok(failed.failure, "the broken file is reported");
        const dry = await app.communs.imports.run(null, "cible", () => importer(Readable.from([text]), {}), {
          dryRun: true,
        });
        assert.equal(dry.created, RECORDS.length);
        const count = await target.db.kysely.selectFrom("commons").select("id").execute();
        assert.equal(count.length, 0, "nothing was written");
      } finally {
        await app.close();
        await target.drop();
      }
    });
  });
}
