import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { confirmationPath, lastMailTo, testConfig } from "../../test/helpers/app.ts";
import { type TestDatabase, testDialects } from "../../test/helpers/db.ts";
import { buildApp } from "../app.ts";
import { DEFAULT_KINDS, emptyPlace } from "../core/commons.ts";
import { DomainError } from "../core/errors.ts";
import { newId } from "../core/ids.ts";
import { buildLocalIndex } from "../modules/geocoding/local-index.ts";
import { createTags } from "../modules/tags/service.ts";
import { backup, restore } from "./backup.ts";
import type { Db } from "./connection.ts";
import { LATEST_MIGRATION } from "./migrations.ts";
import { TABLES } from "./schema.ts";

/** Fills every table through the services, as people using the instance would. */
async function populate(db: Db): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-backup-"));
  const app = await buildApp({ config: testConfig({ dataDir }), db });
  const { accounts, spaces } = app.communs;
  const admin = await accounts.createByOperator({
    email: "admin@exemple.test",
    displayName: "Admin « A »",
    password: "un mot de passe solide",
  });
  await accounts.register({
    email: "dora@exemple.test",
    displayName: "Dora 🌱",
    password: "un mot de passe solide",
    introduction: "jardinière",
  });
  const mail = await lastMailTo(db, "dora@exemple.test");
  const secret = confirmationPath(mail?.body_text ?? "")
    ?.split("/")
    .pop();
  assert.ok(secret);
  const dora = await accounts.confirm(secret);
  await accounts.login({ email: "admin@exemple.test", password: "un mot de passe solide" });
  await accounts.login({ email: "personne@exemple.test", password: "faux faux faux" }).catch(() => undefined);
  const { id: tokenId } = await accounts.createToken(admin, { name: "export" });
  await accounts.revokeToken(admin, tokenId);
  await accounts.createToken(dora.person, { name: "script" });
  await accounts.requestReset({ email: "dora@exemple.test" });
  await spaces.create(admin, { kind: "assembly", name: "Assemblée de Lilleville", territory: "Lilleville" });
  await spaces.create(admin, {
    kind: "chamber",
    name: "Chambre mobilité",
    theme: "mobilité",
    assembly: "assemblee-de-lilleville",
  });
  await spaces.join(dora.person, "assemblee-de-lilleville", {});
  await spaces.join(dora.person, "chambre-mobilite", { introduction: "Je répare des vélos" });
  await populateDirectory(app, db, admin);
  const { ledger } = app.communs;
  await ledger.createAccount("chambre-mobilite", { code: "512", label: "Banque", kind: "asset" });
  await ledger.createAccount("chambre-mobilite", { code: "754", label: "Dons manuels", kind: "income" });
  const donation = {
    debit: "512",
    credit: "754",
    amount: 12_050,
    date: "2026-03-14",
    label: "Don",
    journal: "BQ",
  };
  await ledger.book("chambre-mobilite", { ...donation, idempotencyKey: "don-1", status: "posted" });
  await ledger.book("chambre-mobilite", { ...donation, idempotencyKey: "don-2", status: "pending" });
  await app.communs.donations.record(
    admin,
    "chambre-mobilite",
    { amount: 5_000, date: "2026-03-15", donor: { name: "Dora" }, display: "name", method: "cash" },
    "don-3",
  );
  // A receipt, as the claim form leaves it among the uploads before the claim takes it.
  const receipt = path.join(dataDir, "recu.pdf");
  fs.writeFileSync(receipt, "%PDF-1.4\n%%EOF\n");
  await app.communs.claims.submit(
    admin,
    "chambre-mobilite",
    {
      title: "Salle",
      amount: 12_000,
      date: "2026-04-09",
      account: "6132",
    },
    { file: receipt, filename: "recu.pdf", mimetype: "application/pdf", size: 15 },
  );
  await ledger.closeYear("chambre-mobilite", 2025);
  await app.communs.treasury.setSiren(admin, "chambre-mobilite", "732 829 320");
  const chamber = await db.kysely
    .selectFrom("spaces")
    .select("id")
    .where("slug", "=", "chambre-mobilite")
    .executeTakeFirstOrThrow();
  // As the HelloAsso notification URL keeps what it receives (tested with a stub in donations/notifications.test.ts).
  await db.kysely
    .insertInto("ledger_notifications")
    .values({
      id: newId(),
      space_id: chamber.id,
      source: "helloasso",
      received_at: new Date().toISOString(),
      body: JSON.stringify({ eventType: "Order" }),
      outcome: "ignored",
      detail: "not a payment notification",
      donation_id: null,
    })
    .execute();
  await app.close();
}

/** The directory of commons: kinds, a tag vocabulary, records with everything hanging off them. */
async function populateDirectory(
  app: Awaited<ReturnType<typeof buildApp>>,
  db: Db,
  admin: { id: string; isAdmin: boolean },
) {
  const { commons } = app.communs;
  const space = "assemblee-de-lilleville";
  await commons.saveKinds(admin, space, [...DEFAULT_KINDS, { slug: "atelier", label: "Atelier" }]);
  const tags = createTags({ db, config: app.communs.config, log: app.log });
  await tags.createFamily(admin, space, { name: "Alimentation" });
  const vocabulary = await tags.vocabulary(admin, space);
  await tags.createTag(admin, space, {
    label: "Jardinage",
    family: vocabulary.families[0]?.id ?? "",
    description: "Potagers",
    synonyms: "potager, jardins",
  });
  const garden = await commons.create(
    admin,
    space,
    {
      name: "Jardin des Lilas",
      summary: "Un potager « ouvert »",
      description: "## Qui\n\nLes voisins 🌱",
      kind: "jardin",
      tags: ["potager", "quartier"],
      places: [
        {
          ...emptyPlace(),
          street: "12 rue des Lilas",
          postcode: "59000",
          commune: "Lilleville",
          latitude: 50.63,
          longitude: 3.06,
        },
      ],
      links: [{ type: "website", url: "https://lilas.example", label: "Site" }],
      origin: { source: "csv", id: "lilas", revision: null },
    },
    { confirmed: true },
  );
  const workshop = await commons.create(
    admin,
    space,
    { name: "Atelier vélo", kind: "atelier" },
    { confirmed: true },
  );
  await commons.relate(admin, garden.record.id, workshop.record.slug, true);
  await commons.linkChamber(admin, workshop.record.id, "chambre-mobilite", true);
  await db.kysely
    .insertInto("commons_images")
    .values({
      id: newId(),
      commons_id: garden.record.id,
      position: 0,
      file: "x-full.webp",
      content_type: "image/webp",
      width: 10,
      height: 10,
      alt: "Des tomates",
      created_at: new Date().toISOString(),
    })
    .execute();
  await buildLocalIndex(
    db.kysely,
    fs.createReadStream(path.resolve("test/fixtures/ban/adresses-sample.csv")),
  );
}

function rowLines(file: string): string[] {
  return fs.readFileSync(file, "utf8").trim().split("\n").slice(1);
}

describe("backup and restore", () => {
  const dialects = testDialects();
  const databases: TestDatabase[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-backup-"));
  const fresh = async (index: number) => {
    const database = await (dialects[index % dialects.length] ?? dialects[0])?.create();
    assert.ok(database);
    databases.push(database);
    return database.db;
  };

  after(async () => {
    for (const database of databases) await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let source: Db;
  const first = path.join(dir, "first.jsonl");

  before(async () => {
    source = await fresh(0);
    await populate(source);
  });

  it("writes every table with a header and a footer of counts", async () => {
    const counts = await backup(source, first);
    const lines = fs.readFileSync(first, "utf8").trim().split("\n");
    const header = JSON.parse(lines[0] ?? "{}");
    assert.equal(header.format, "communs-backup");
    assert.equal(header.version, 1);
    assert.equal(header.schema, LATEST_MIGRATION);
    assert.deepEqual(JSON.parse(lines.at(-1) ?? "{}"), { end: true, counts });
    assert.deepEqual(Object.keys(counts), [...TABLES]);
    for (const table of TABLES) assert.ok((counts[table] ?? 0) > 0, `${table} has rows`);
  });

  it(`round-trips exactly ${dialects.map((d) => d.name).join(" → ")} → ${dialects[0]?.name}`, async () => {
    const middle = await fresh(1);
    await restore(middle, first);
    const second = path.join(dir, "second.jsonl");
    await backup(middle, second);
    assert.deepEqual(rowLines(second), rowLines(first));

    const last = await fresh(2);
    await restore(last, second);
    const third = path.join(dir, "third.jsonl");
    await backup(last, third);
    assert.deepEqual(rowLines(third), rowLines(first));

    // The restored instance works: its people can log in and its cookie secret is the same.
    const app = await buildApp({ config: testConfig(), db: last });
    const login = await app.communs.accounts.login({
      email: "dora@exemple.test",
      password: "un mot de passe solide",
    });
    assert.equal(login.person.displayName, "Dora 🌱");
    await app.close();
  });

  it("refuses to restore into a database that is not empty", async () => {
    await assert.rejects(
      restore(source, first),
      (error) => error instanceof DomainError && error.code === "DATABASE_NOT_EMPTY",
    );
  });

  it("refuses a truncated, foreign or corrupted file and writes nothing", async () => {
    const lines = fs.readFileSync(first, "utf8").trim().split("\n");
    const cases = {
      truncated: lines.slice(0, -3).join("\n"),
      noFooter: lines.slice(0, -1).join("\n"),
      otherSchema: [
        JSON.stringify({ ...JSON.parse(lines[0] ?? "{}"), schema: "9999_future" }),
        ...lines.slice(1),
      ].join("\n"),
      notJson: `${lines[0]}\n{oops\n`,
      unknownTable: [lines[0], JSON.stringify({ t: "users", r: { id: "x" } }), lines.at(-1)].join("\n"),
      badRow: [lines[0], JSON.stringify({ t: "persons", r: { id: "x" } }), lines.at(-1)].join("\n"),
      empty: "",
    };
    const target = await fresh(1);
    for (const [name, content] of Object.entries(cases)) {
      const file = path.join(dir, `${name}.jsonl`);
      fs.writeFileSync(file, content);
      await assert.rejects(
        restore(target, file),
        (error) => error instanceof DomainError && error.code === "BACKUP_INVALID",
        name,
      );
      const persons = await target.kysely.selectFrom("persons").select("id").execute();
      assert.equal(persons.length, 0, `${name} wrote nothing`);
    }
  });
});
