import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { confirmationPath, lastMailTo, testConfig, Visitor } from "../../test/helpers/app.ts";
import {
  dumpLines,
  readArchive,
  sha256,
  type TarEntry,
  treeOf,
  writeArchive,
} from "../../test/helpers/archive.ts";
import { type TestDatabase, testDialects } from "../../test/helpers/db.ts";
import { expireRound, roundAbout } from "../../test/helpers/decisions.ts";
import {
  buildAssembly,
  buildChamber,
  buildDonation,
  buildPerson,
  PASSWORD,
  signIn,
} from "../../test/helpers/factories.ts";
import { MEDIAWIKI_FIXTURES } from "../../test/helpers/fixtures.ts";
import { multipartBody } from "../../test/helpers/multipart.ts";
import { buildApp } from "../app.ts";
import { DEFAULT_KINDS, emptyPlace } from "../core/commons.ts";
import { DomainError } from "../core/errors.ts";
import { newId } from "../core/ids.ts";
import type { Person } from "../modules/accounts/service.ts";
import { buildLocalIndex } from "../modules/geocoding/service.ts";
import { importWiki } from "../modules/pages/import.ts";
import { refreshPages } from "../modules/pages/service.ts";
import { backup, restore } from "./backup.ts";
import type { Db } from "./connection.ts";
import { LATEST_MIGRATION } from "./migrations.ts";
import { TABLES } from "./schema.ts";

type App = Awaited<ReturnType<typeof buildApp>>;

/**
 * Fills every table through the services and pages, as people using the instance would, with a
 * receipt and an image among the files of `dataDir`. Answers the URLs that serve those files.
 */
async function populate(db: Db, dataDir: string): Promise<string[]> {
  const app = await buildApp({ config: testConfig({ dataDir }), db });
  const { accounts, spaces } = app.communs;
  const admin = await buildPerson(app, { name: "Admin « A »", email: "admin@exemple.test", admin: true });
  await accounts.register({
    email: "dora@exemple.test",
    displayName: "Dora 🌱",
    password: PASSWORD,
    introduction: "jardinière",
  });
  const mail = await lastMailTo(db, "dora@exemple.test");
  const secret = confirmationPath(mail?.body_text ?? "")
    ?.split("/")
    .pop();
  assert.ok(secret);
  const dora = await accounts.confirm(secret);
  await accounts.login({ email: "admin@exemple.test", password: PASSWORD });
  await accounts.login({ email: "personne@exemple.test", password: "faux faux faux" }).catch(() => undefined);
  const { id: tokenId } = await accounts.createToken(admin, { name: "export" });
  await accounts.revokeToken(admin, tokenId);
  await accounts.createToken(dora.person, { name: "script" });
  await accounts.requestReset({ email: "dora@exemple.test" });
  await app.communs.jobs.enqueue("backup.later", { who: "Dora 🌱" }, { dueAt: new Date("2100-01-01") });
  await buildAssembly(app, {
    by: admin,
    slug: "assemblee-de-lilleville",
    name: "Assemblée de Lilleville",
    territory: "Lilleville",
  });
  await buildChamber(app, {
    by: admin,
    slug: "chambre-mobilite",
    name: "Chambre mobilité",
    theme: "mobilité",
    assembly: "assemblee-de-lilleville",
  });
  await spaces.join(dora.person, "assemblee-de-lilleville", {});
  await spaces.join(dora.person, "chambre-mobilite", { introduction: "Je répare des vélos" });
  // Notifications: her admission, her new role waiting for the daily digest (a job), her own settings.
  const [request] = (await spaces.members(admin, "chambre-mobilite")).pending;
  assert.ok(request);
  // Her co-optation: the chamber's round, its days gone by in silence (consent).
  const round = await roundAbout(app.communs.db, "membership", request.id);
  await expireRound(app.communs.db, round);
  await app.communs.decisions.settle(round);
  await spaces.setRole(admin, "chambre-mobilite", request.id, "treasurer");
  // A consensus round with a question and a position; a consent round objected to.
  const { decisions } = app.communs;
  const charter = await decisions.propose(dora.person, "chambre-mobilite", {
    title: "Charte « vélo » 🚲",
    body: "Nous réparons ensemble.\n\n« Citation » et \\ barre oblique.",
    mode: "consensus",
  });
  await decisions.comment(admin, charter.id, { kind: "question", text: "Ensemble, c’est-à-dire ?" });
  await decisions.position(admin, charter.id, { position: "agree", reason: "Oui" });
  const rent = await decisions.propose(dora.person, "chambre-mobilite", {
    title: "Louer un local",
    body: "Rue des Lilas.",
  });
  // A chamber of two asks its facilitators.
  await decisions.object(admin, rent.id, {
    reason: "Trop cher",
    harm: "Plus d’argent pour les pièces",
  });
  const { notifications } = app.communs;
  const mobility = await spaces.get("chambre-mobilite");
  await notifications.saveSettings(dora.person, { [`${mobility.id}:claim.paid`]: "digest" });
  const image = await populateDirectory(app, db, admin);
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
  const given = await buildDonation(app, "chambre-mobilite", admin, {
    amount: 5_000,
    date: "2026-03-15",
    donor: { name: "Dora", email: "donatrice@exemple.test" },
    display: "name",
    method: "cash",
  });
  await app.communs.donationCorrections.correct(
    admin,
    "chambre-mobilite",
    given.id,
    { amount: 5_500, date: "2026-03-15", donorName: "Dora", envelope: "", reason: "Relevé « mal lu »" },
    "correction-1",
  );
  // The donor thanked by mail opts out with the link of that mail.
  const thanks = await lastMailTo(db, "donatrice@exemple.test");
  const unsubscribe = /\/notifications\/desabonner\/(\S+)/.exec(thanks?.body_text ?? "")?.[1];
  assert.ok(unsubscribe);
  await notifications.unsubscribe(unsubscribe);
  // A receipt, sent with the claim form as a browser does.
  const visitor = await signIn({ app, db }, admin);
  await visitor.get("/espaces/chambre-mobilite/notes-de-frais/nouvelle");
  const sent = await visitor.request({
    method: "POST",
    url: "/espaces/chambre-mobilite/notes-de-frais/nouvelle",
    ...multipartBody(
      { _csrf: visitor.csrfToken(), title: "Salle", amount: "120", date: "2026-04-09", account: "6132" },
      { receipt: { filename: "reçu.pdf", type: "application/pdf", content: "%PDF-1.4\n%âãÏÓ\n%%EOF\n" } },
    ),
  });
  assert.equal(sent.statusCode, 303, sent.body);
  const receipt = await db.kysely
    .selectFrom("expense_receipts")
    .select(["id", "claim_id"])
    .executeTakeFirstOrThrow();
  // The task board: a group, a task its creator took, its expected expense claimed in one step.
  const { tasks } = app.communs;
  await tasks.manageGroups(admin, "chambre-mobilite", { action: "create", name: "Logistique" });
  const [logistics] = (await tasks.managing(admin, "chambre-mobilite")).groups;
  const task = await tasks.create(
    admin,
    "chambre-mobilite",
    {
      title: "Louer la salle « Vélo »",
      groupId: logistics?.id,
      dueDate: "2026-05-12",
      expectedExpense: 3_000,
    },
    { take: true },
  );
  await tasks.claimExpense(admin, "chambre-mobilite", task.id, {
    amount: 3_000,
    date: "2026-04-10",
    account: "6132",
  });
  // A meeting: a theme, an answer, a guest, minutes with an action, published and corrected.
  const { meetings } = app.communs;
  const meeting = await meetings.create(admin, "chambre-mobilite", {
    title: "Assemblée « Vélo »",
    start: "2026-03-14T09:30",
    end: "2026-03-14T12:00",
  });
  await meetings.proposeTheme(admin, "chambre-mobilite", meeting.id, { title: "Budget", minutes: "20" });
  await meetings.addGuest(admin, "chambre-mobilite", meeting.id, { name: "Rémi Sansco", intro: "voisin" });
  await meetings.addMinutes(admin, "chambre-mobilite", meeting.id, {
    kind: "entry",
    time: "10h36",
    text: "tour",
  });
  await meetings.publish(admin, "chambre-mobilite", meeting.id, []);
  await meetings.correct(admin, "chambre-mobilite", meeting.id, { text: "Rémi, pas Rudy" });
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
  const wikiFile = await populateWiki(app, db, dataDir);
  await app.communs.lifecycle.operatorSet({ stage: "notice", startsOn: "2099-01-01", message: "Un jour." });
  await app.close();
  return [
    `/espaces/chambre-mobilite/notes-de-frais/${receipt.claim_id}/justificatifs/${receipt.id}`,
    `/images/${image}/full`,
    `/images/${image}/thumb`,
    wikiFile,
  ];
}

/** The fixture MediaWiki with its upload and its log, imported and rendered into the assembly's wiki. */
async function populateWiki(app: App, db: Db, dataDir: string): Promise<string> {
  const space = await app.communs.spaces.get("assemblee-de-lilleville");
  const root = "/espaces/assemblee-de-lilleville/wiki";
  for (const file of ["wikicommunsdev-full-with-uploads.xml", "wikicommunsdev-logs.xml"])
    await importWiki(db.kysely, fs.createReadStream(path.join(MEDIAWIKI_FIXTURES, "xml", file)), {
      spaceId: space.id,
      dataDir,
      refresh: (ids) => refreshPages(db.kysely, { spaceId: space.id, root }, ids),
    });
  return `${root}/Sp%C3%A9cial:FilePath/Logo_Les_Marmites.png`;
}

/** The directory of commons: kinds, a tag vocabulary, records with everything hanging off them. */
async function populateDirectory(app: App, db: Db, admin: Person): Promise<string> {
  const { commons, tags } = app.communs;
  const space = "assemblee-de-lilleville";
  await commons.saveKinds(admin, space, [...DEFAULT_KINDS, { slug: "atelier", label: "Atelier" }]);
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
  // An image, sent with the record's form as a browser does.
  const visitor = await signIn({ app, db }, admin);
  const page = `/espaces/${space}/communs/${garden.record.slug}`;
  await visitor.get(page);
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#3a7" } })
    .png()
    .toBuffer();
  const sent = await visitor.request({
    method: "POST",
    url: `${page}/images`,
    ...multipartBody(
      { _csrf: visitor.csrfToken(), alt: "Des tomates" },
      { image: { filename: "tomates.png", type: "image/png", content: png } },
    ),
  });
  assert.equal(sent.statusCode, 303, sent.body);
  await buildLocalIndex(
    db.kysely,
    fs.createReadStream(path.resolve("test/fixtures/ban/adresses-sample.csv")),
  );
  const image = await db.kysely.selectFrom("commons_images").select("id").executeTakeFirstOrThrow();
  return image.id;
}

/** What each URL answers on an instance (signed in as the administrator): status and sha256 of the body. */
async function served(db: Db, dataDir: string, urls: string[]): Promise<Record<string, string>> {
  const app = await buildApp({ config: testConfig({ dataDir }), db });
  try {
    const visitor = new Visitor({ app, db });
    await visitor.login("admin@exemple.test", PASSWORD);
    const answers: Record<string, string> = {};
    for (const url of urls) {
      const response = await visitor.get(url);
      answers[url] = `${response.statusCode} ${sha256(response.rawPayload)}`;
    }
    return answers;
  } finally {
    await app.close();
  }
}

/** The file entries of an archive: name → sha256. */
async function filesOf(archive: string): Promise<Record<string, string>> {
  return Object.fromEntries(
    (await readArchive(archive))
      .filter((entry) => entry.name.startsWith("files/"))
      .map((entry) => [entry.name, sha256(entry.data)]),
  );
}

/** An assertion on a refusal: its code and, when given, the reason it names. */
const refused = (code: string, name?: string, reason?: string) => (error: unknown) => {
  assert.ok(error instanceof DomainError && error.code === code, `${name}: ${String(error)}`);
  if (reason)
    assert.ok(Object.values(error.fields).includes(reason), `${name}: ${JSON.stringify(error.fields)}`);
  return true;
};

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
  let folders = 0;
  /** A data folder that does not exist yet. */
  const emptyDataDir = () => {
    folders += 1;
    return path.join(dir, `data-${folders}`);
  };

  after(async () => {
    for (const database of databases) await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let source: Db;
  const sourceDir = path.join(dir, "source");
  const first = path.join(dir, "first.tar.gz");
  let urls: string[] = [];
  let original: Record<string, string> = {};

  before(async () => {
    source = await fresh(0);
    // Under a permissive umask, every data file must still be its owner's only.
    const umask = process.umask(0);
    try {
      urls = await populate(source, sourceDir);
    } finally {
      process.umask(umask);
    }
    original = await served(source, sourceDir, urls);
    for (const answer of Object.values(original)) assert.match(answer, /^200 /);
  });

  it("keeps receipts and images readable by their owner only", () => {
    const tree = treeOf(sourceDir);
    const kept = Object.entries(tree).filter(([name]) => /^(receipts|images)\//.test(name));
    assert.equal(kept.length, 5, JSON.stringify(tree));
    for (const [name, mode] of kept) assert.match(mode, name.endsWith("/") ? /^700$/ : /^600 /, name);
  });

  it("writes an archive: the database, every receipt and image, and a manifest of their sha256", async () => {
    // Temporary files (uploads, import previews) are not part of a backup.
    for (const folder of ["uploads", "imports", "donation-imports"]) {
      fs.mkdirSync(path.join(sourceDir, folder), { recursive: true });
      fs.writeFileSync(path.join(sourceDir, folder, "brouillon"), "temporaire");
    }
    const umask = process.umask(0);
    let summary: { rows: number; files: number };
    try {
      summary = await backup(source, sourceDir, first);
    } finally {
      process.umask(umask);
    }
    assert.equal(fs.statSync(first).mode & 0o777, 0o600, "readable by its owner only");
    assert.deepEqual(
      fs.readdirSync(dir).filter((name) => name.includes("first")),
      ["first.tar.gz"],
      "no temporary file left",
    );
    const entries = await readArchive(first);
    const names = entries.map((entry) => entry.name);
    assert.equal(names[0], "database.jsonl");
    assert.equal(names.at(-1), "manifest.json");
    const files = names.filter((name) => name.startsWith("files/"));
    assert.deepEqual(
      files.map((name) => name.replace(/[0-9a-f]{40}|[0-9a-f-]{36}/, "ID")),
      ["files/images/ID-full.webp", "files/images/ID-thumb.webp", "files/receipts/ID", "files/wiki-files/ID"],
    );
    assert.equal(summary.files, 4);
    for (const name of files) {
      const on = fs.readFileSync(path.join(sourceDir, name.slice("files/".length)));
      assert.equal(sha256(entries.find((entry) => entry.name === name)?.data ?? Buffer.alloc(0)), sha256(on));
    }
    const manifest = JSON.parse(entries.at(-1)?.data.toString("utf8") ?? "{}");
    assert.equal(manifest.format, "communs-backup");
    assert.equal(manifest.version, 2);
    assert.equal(manifest.schema, LATEST_MIGRATION);
    assert.deepEqual(
      manifest.entries,
      entries
        .filter((entry) => entry.name !== "manifest.json")
        .map((entry) => ({ path: entry.name, size: entry.data.length, sha256: sha256(entry.data) })),
    );

    const lines = await dumpLines(first);
    const header = JSON.parse(lines[0] ?? "{}");
    assert.equal(header.format, "communs-backup");
    assert.equal(header.version, 1);
    assert.equal(header.schema, LATEST_MIGRATION);
    const footer = JSON.parse(lines.at(-1) ?? "{}");
    assert.deepEqual(Object.keys(footer.counts), [...TABLES]);
    for (const table of TABLES) assert.ok((footer.counts[table] ?? 0) > 0, `${table} has rows`);
    assert.equal(summary.rows, lines.length - 2);
    await assert.rejects(backup(source, sourceDir, first), /EEXIST/, "never written over");
  });

  it(`round-trips exactly ${dialects.map((d) => d.name).join(" → ")} → ${dialects[0]?.name}, files byte for byte`, async () => {
    const middle = await fresh(1);
    const middleDir = emptyDataDir();
    const summary = await restore(middle, middleDir, first);
    assert.deepEqual(summary, { rows: (await dumpLines(first)).length - 2, files: 4, legacy: false });
    const second = path.join(dir, "second.tar.gz");
    await backup(middle, middleDir, second);
    assert.deepEqual((await dumpLines(second)).slice(1), (await dumpLines(first)).slice(1));
    assert.deepEqual(await filesOf(second), await filesOf(first));
    assert.deepEqual(await served(middle, middleDir, urls), original);

    const last = await fresh(2);
    const lastDir = emptyDataDir();
    await restore(last, lastDir, second);
    const third = path.join(dir, "third.tar.gz");
    await backup(last, lastDir, third);
    assert.deepEqual((await dumpLines(third)).slice(1), (await dumpLines(first)).slice(1));
    assert.deepEqual(await filesOf(third), await filesOf(first));
    // Restored owner only, folders included.
    assert.deepEqual(
      treeOf(lastDir),
      Object.fromEntries(
        Object.entries(treeOf(sourceDir)).filter(([name]) => /^(receipts|images|wiki-files)\//.test(name)),
      ),
    );

    // The restored instance works: its people can log in, its cookie secret is the same, and its
    // receipts and images are served with the very same bytes.
    assert.deepEqual(await served(last, lastDir, urls), original);
    const app = await buildApp({ config: testConfig(), db: last });
    const login = await app.communs.accounts.login({ email: "dora@exemple.test", password: PASSWORD });
    assert.equal(login.person.displayName, "Dora 🌱");
    await app.close();
  });

  it("restores into the data folder it was made from (a move to PostgreSQL on the same machine)", async () => {
    const target = await fresh(1);
    const before = treeOf(sourceDir);
    assert.equal((await restore(target, sourceDir, first)).files, 4);
    assert.deepEqual(treeOf(sourceDir), before);
    assert.deepEqual(await served(target, sourceDir, urls), original);
  });

  it("refuses a data folder holding other bytes under a backed-up name, and writes nothing", async () => {
    const target = await fresh(1);
    const dataDir = emptyDataDir();
    const receipt = (await readArchive(first)).find((entry) => entry.name.startsWith("files/receipts/"));
    assert.ok(receipt);
    fs.mkdirSync(path.join(dataDir, "receipts"), { recursive: true });
    fs.writeFileSync(path.join(dataDir, receipt.name.slice("files/".length)), "un autre justificatif");
    const before = treeOf(dataDir);
    await assert.rejects(restore(target, dataDir, first), refused("BACKUP_FILE_CONFLICT"));
    assert.deepEqual(treeOf(dataDir), before);
    assert.equal((await target.kysely.selectFrom("persons").select("id").execute()).length, 0);
  });

  it("refuses to restore into a database that is not empty, and writes nothing", async () => {
    const dataDir = emptyDataDir();
    await assert.rejects(restore(source, dataDir, first), refused("DATABASE_NOT_EMPTY"));
    assert.equal(fs.existsSync(dataDir), false);
  });

  it("restores a backup of the previous version: JSON lines, the database only", async () => {
    const legacy = path.join(dir, "previous.jsonl");
    fs.writeFileSync(legacy, `${(await dumpLines(first)).join("\n")}\n`);
    const target = await fresh(1);
    const dataDir = emptyDataDir();
    const summary = await restore(target, dataDir, legacy);
    assert.deepEqual(summary, { rows: (await dumpLines(first)).length - 2, files: 0, legacy: true });
    const again = path.join(dir, "previous-again.tar.gz");
    await backup(target, dataDir, again);
    assert.deepEqual((await dumpLines(again)).slice(1), (await dumpLines(first)).slice(1));
  });

  it("refuses a truncated, foreign or corrupted JSON-lines file and writes nothing", async () => {
    const lines = await dumpLines(first);
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
      await assert.rejects(restore(target, emptyDataDir(), file), refused("BACKUP_INVALID", name));
      const persons = await target.kysely.selectFrom("persons").select("id").execute();
      assert.equal(persons.length, 0, `${name} wrote nothing`);
    }
  });

  it("refuses a tampered, truncated or foreign archive before writing anything", async () => {
    const entries = await readArchive(first);
    const manifest = JSON.parse(entries.at(-1)?.data.toString("utf8") ?? "{}");
    const isReceipt = (entry: TarEntry) => entry.name.startsWith("files/receipts/");
    const flipped = (data: Buffer) => {
      const copy = Buffer.from(data);
      copy[copy.length - 2] = (copy[copy.length - 2] ?? 0) ^ 1;
      return copy;
    };
    const withManifest = (changes: Record<string, unknown>) => [
      ...entries.slice(0, -1),
      { name: "manifest.json", data: Buffer.from(JSON.stringify({ ...manifest, ...changes })) },
    ];
    const bytes = fs.readFileSync(first);
    // Each altered archive, and what the refusal says is wrong with it.
    const archives: Record<string, [TarEntry[] | Buffer, string]> = {
      tamperedReceipt: [
        entries.map((entry) => (isReceipt(entry) ? { ...entry, data: flipped(entry.data) } : entry)),
        "backup.checksum",
      ],
      tamperedDatabase: [
        entries.map((entry) =>
          entry.name === "database.jsonl"
            ? { ...entry, data: Buffer.from(entry.data.toString("utf8").replace("Dora 🌱", "Dora 🥀")) }
            : entry,
        ),
        "backup.checksum",
      ],
      missingReceipt: [entries.filter((entry) => !isReceipt(entry)), "backup.missing"],
      unlistedFile: [
        [{ name: "files/images/intrus.webp", data: Buffer.from("RIFF") }, ...entries],
        "backup.unlisted",
      ],
      noManifest: [entries.slice(0, -1), "backup.damaged"],
      twoManifests: [[...entries, entries.at(-1) as TarEntry], "backup.unexpectedEntry"],
      outsideTheFolder: [
        [{ name: "files/receipts/../../../evil", data: Buffer.from("x") }, ...entries],
        "backup.unexpectedEntry",
      ],
      absolutePath: [[{ name: "/tmp/evil", data: Buffer.from("x") }, ...entries], "backup.unexpectedEntry"],
      symlink: [
        [
          { name: "files/images/lien", type: "symlink", linkname: "/etc/passwd", data: Buffer.alloc(0) },
          ...entries,
        ],
        "backup.unexpectedEntry",
      ],
      otherSchema: [withManifest({ schema: "9999_future" }), "backup.otherVersion"],
      otherFormat: [withManifest({ format: "autre-chose" }), "backup.notBackup"],
      forgedManifest: [
        withManifest({ entries: [{ path: "database.jsonl", size: -1, sha256: "x" }] }),
        "backup.damaged",
      ],
      foreignTarball: [
        [{ name: "README.md", data: Buffer.from("# Un autre projet\n") }],
        "backup.unexpectedEntry",
      ],
      truncated: [bytes.subarray(0, Math.floor(bytes.length / 2)), "backup.damaged"],
      truncatedEnd: [bytes.subarray(0, bytes.length - 30), "backup.damaged"],
      garbledGzip: [
        Buffer.concat([bytes.subarray(0, 40), Buffer.alloc(200, 0x41), bytes.subarray(240)]),
        "backup.damaged",
      ],
      notGzipNorJson: [Buffer.from("PK\u0003\u0004 une archive zip"), "backup.notBackup"],
    };
    const target = await fresh(1);
    for (const [name, [archive, reason]] of Object.entries(archives)) {
      const file = path.join(dir, `${name}.tar.gz`);
      if (Buffer.isBuffer(archive)) fs.writeFileSync(file, archive);
      else await writeArchive(file, archive);
      const dataDir = emptyDataDir();
      await assert.rejects(restore(target, dataDir, file), refused("BACKUP_INVALID", name, reason));
      assert.equal(
        (await target.kysely.selectFrom("persons").select("id").execute()).length,
        0,
        `${name}: database untouched`,
      );
      assert.equal(fs.existsSync(dataDir), false, `${name}: no file left`);
      // Nor in a data folder that exists already.
      const existing = emptyDataDir();
      fs.mkdirSync(existing);
      await assert.rejects(restore(target, existing, file), refused("BACKUP_INVALID", name, reason));
      assert.deepEqual(fs.readdirSync(existing), [], `${name}: no file left`);
    }
    assert.equal(fs.existsSync("/tmp/evil"), false);
  });
});

// The defect this format fixes: after a restore, receipts and images answered 500 (ENOENT).
for (const dialect of testDialects())
  describe(`a backup carries receipts and images [${dialect.name}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "communs-backup-files-"));
    const databases: TestDatabase[] = [];
    const fresh = async () => {
      const database = await dialect.create();
      databases.push(database);
      return database.db;
    };
    after(async () => {
      for (const database of databases) await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("restored into an empty database and data folder, they are served with the same bytes", async () => {
      const source = await fresh();
      const urls = await populate(source, path.join(dir, "source"));
      const original = await served(source, path.join(dir, "source"), urls);
      const archive = path.join(dir, "sauvegarde.tar.gz");
      await backup(source, path.join(dir, "source"), archive);

      // A tampered archive first: refused, and nothing written.
      const tampered = path.join(dir, "alteree.tar.gz");
      await writeArchive(
        tampered,
        (await readArchive(archive)).map((entry) =>
          entry.name.startsWith("files/images/") ? { ...entry, data: Buffer.from("pas une image") } : entry,
        ),
      );
      const target = await fresh();
      await assert.rejects(
        restore(target, path.join(dir, "target"), tampered),
        refused("BACKUP_INVALID", "tampered", "backup.checksum"),
      );
      assert.equal((await target.kysely.selectFrom("persons").select("id").execute()).length, 0);
      assert.equal(fs.existsSync(path.join(dir, "target")), false);

      await restore(target, path.join(dir, "target"), archive);
      const answers = await served(target, path.join(dir, "target"), urls);
      assert.deepEqual(answers, original);
      for (const answer of Object.values(answers)) assert.match(answer, /^200 [0-9a-f]{64}$/);
    });
  });
