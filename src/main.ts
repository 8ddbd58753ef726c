import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import pino from "pino";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import type { Context } from "./context.ts";
import { DomainError } from "./core/errors.ts";
import { GeocodingError } from "./core/geocoding.ts";
import { backup, restore } from "./db/backup.ts";
import { type Db, openDatabase } from "./db/connection.ts";
import { migrate } from "./db/migrations.ts";
import {
  CommandError,
  describeReport,
  exportCommand,
  fieldMappings,
  geocodeIndexCommand,
  geocodeRunCommand,
  importCommand,
} from "./modules/commons/cli.ts";
import { filterOf, parseListQuery } from "./modules/commons/routes.tsx";
import { listOutbox } from "./modules/mail/service.ts";
import "./messages.ts";
import { createServices, type Services } from "./services.ts";
import { translate } from "./web/i18n.ts";

const USAGE = `Utilisation : communs <commande> [options]

  serve                                  démarre le serveur web (PORT, défaut 3000)
  migrate                                met le schéma de la base à jour
  user create --email E --name N --password P [--admin]
                                         (ou le mot de passe dans COMMUNS_PASSWORD)
  token create --email E [--name N]      affiche un jeton d’API personnel (une seule fois)
  space create --kind assembly|chamber --name N --slug S [--territory T] [--theme T] [--assembly SLUG]
  backup FICHIER                         sauvegarde complète (JSON lines)
  restore FICHIER                        restaure dans une base vide
  outbox                                 affiche les derniers e-mails (utile sans SMTP_URL)

  Annuaire des communs :
  import commons --space S --format csv|geojson|gogocarto|jsonld|mediawiki [--template NOM]
                 [--field PARAMÈTRE=CHAMP …] [--dry-run] FICHIER
  export commons --space S --format geojson|csv|jsonld|gogocarto [--out FICHIER]
                 [--q TEXTE] [--tag T] [--kind K] [--commune C] [--status actif…]
  geocode index FICHIER.csv[.gz]         construit l’index local depuis un CSV de la BAN (un département)
  geocode run --space S [--retry]        géocode les lieux sans coordonnées (--retry : aussi les échecs)

  Comptabilité des chambres :
  ledger verify --space S                recalcule les soldes depuis les mouvements et vérifie la chaîne
  ledger fec --space S --year AAAA --siren N [--out DOSSIER]
                                         écrit le FEC de l’exercice (sortie standard sans --out)
  ledger close --space S --year AAAA     clôt l’exercice (résultat vers 120, plus aucun mouvement daté de l’année)
  ledger import-donations --space S --source helloasso|liberapay|bank [--dry-run] FICHIER.csv
                 [--date-column C --amount-column C --label-column C --id-column C --date-format DD/MM/YYYY]
`;

const SHUTDOWN_MS = 10_000;

async function openMigrated(config: Config): Promise<Db> {
  const db = openDatabase(config);
  await migrate(db.kysely, db.dialect);
  return db;
}

async function serve(config: Config): Promise<void> {
  // The web application (every page and its libraries) loads only to serve: the other commands, a FEC
  // of a million lines among them, run in a third of the memory without it.
  const { buildApp, loggerOptions } = await import("./app.ts");
  const db = await openMigrated(config);
  const app = await buildApp({ config, db, logger: loggerOptions(config.logLevel) });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: finishing requests and mails in flight");
    // A request or a mail server that never answers must not keep the process alive for ever.
    setTimeout(() => {
      app.log.error("shutdown took more than 10 s: stopping now");
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    try {
      await app.close();
      await app.communs.mailer.idle();
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: db.dialect, url: config.publicUrl }, "Communs is listening");
}

/** Runs a command over the same services as the web, then closes the database. */
async function withServices<T>(
  config: Config,
  run: (services: Services & { ctx: Context }) => Promise<T>,
): Promise<T> {
  const db = await openMigrated(config);
  try {
    const ctx: Context = { db, config, log: pino({ level: config.logLevel }, pino.destination(2)) };
    return await run({ ...createServices(ctx), ctx });
  } finally {
    await db.close();
  }
}

function required(values: Record<string, string | string[] | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} est obligatoire.`);
  return value;
}

class UsageError extends Error {}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      admin: { type: "boolean" },
      kind: { type: "string" },
      slug: { type: "string" },
      territory: { type: "string" },
      theme: { type: "string" },
      assembly: { type: "string" },
      space: { type: "string" },
      format: { type: "string" },
      template: { type: "string" },
      field: { type: "string", multiple: true },
      "dry-run": { type: "boolean" },
      out: { type: "string" },
      retry: { type: "boolean" },
      q: { type: "string" },
      tag: { type: "string" },
      commune: { type: "string" },
      status: { type: "string" },
      source: { type: "string" },
      year: { type: "string" },
      siren: { type: "string" },
      "date-column": { type: "string" },
      "amount-column": { type: "string" },
      "label-column": { type: "string" },
      "id-column": { type: "string" },
      "date-format": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub] = positionals;
  const config = loadConfig();
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  switch (
    `${command}${sub && ["user", "token", "space", "import", "export", "geocode", "ledger"].includes(command) ? ` ${sub}` : ""}`
  ) {
    case "serve":
      return serve(config);
    case "migrate":
      return withServices(config, async () => {
        process.stdout.write("Base de données à jour.\n");
      });
    case "user create":
      return withServices(config, async ({ accounts }) => {
        const person = await accounts.createByOperator({
          email: required(values, "email"),
          displayName: required(values, "name"),
          // COMMUNS_PASSWORD keeps the password out of `ps` and of the shell's history.
          password: required({ password: values.password ?? process.env.COMMUNS_PASSWORD }, "password"),
          admin: values.admin === true,
        });
        process.stdout.write(
          `Compte créé : ${person.email} (${person.id})${person.isAdmin ? ", administrateur" : ""}\n`,
        );
      });
    case "token create":
      return withServices(config, async ({ accounts }) => {
        const person = await accounts.findByEmail(required(values, "email"));
        if (!person) throw new UsageError("Aucun compte avec cette adresse.");
        const { token } = await accounts.createToken(person, { name: values.name ?? "CLI" });
        process.stdout.write(`${token}\n`);
      });
    case "space create":
      return withServices(config, async ({ spaces, db }) => {
        const admin = await db.kysely
          .selectFrom("persons")
          .select("id")
          .where("is_admin", "=", 1)
          .orderBy("id")
          .executeTakeFirst();
        if (!admin) throw new UsageError("Créez d’abord un compte administrateur (user create --admin).");
        const space = await spaces.create(
          { id: admin.id, isAdmin: true },
          {
            kind: required(values, "kind"),
            name: required(values, "name"),
            slug: values.slug,
            territory: values.territory,
            theme: values.theme,
            assembly: values.assembly,
          },
        );
        process.stdout.write(`Espace créé : /espaces/${space.slug} (${space.id})\n`);
      });
    case "import commons":
      return withServices(config, async ({ imports }) => {
        const report = await importCommand(imports, {
          space: required(values, "space"),
          format: required(values, "format"),
          file: required({ file: positionals[2] }, "file"),
          dryRun: values["dry-run"] === true,
          template: values.template,
          fields: fieldMappings(values.field ?? []),
        });
        process.stdout.write(describeReport(report));
        if (report.failure) process.exitCode = 1;
      });
    case "export commons":
      return withServices(config, async ({ commons, ctx }) => {
        await exportCommand(commons, ctx, {
          space: required(values, "space"),
          format: required(values, "format"),
          out: values.out,
          filter: filterOf(parseListQuery(values)),
        });
      });
    case "geocode index":
      return withServices(config, async ({ ctx }) => {
        process.stdout.write(await geocodeIndexCommand(ctx, required({ file: positionals[2] }, "file")));
      });
    case "geocode run":
      return withServices(config, async ({ commons, geocoder }) => {
        process.stdout.write(
          await geocodeRunCommand(commons, geocoder, {
            space: required(values, "space"),
            retryFailed: values.retry === true,
          }),
        );
      });
    case "backup":
      return withServices(config, async ({ db }) => {
        const counts = await backup(db, required({ file: sub }, "file"));
        process.stdout.write(
          `Sauvegarde écrite : ${Object.values(counts).reduce((a, b) => a + b, 0)} lignes.\n`,
        );
      });
    case "restore":
      return withServices(config, async ({ db }) => {
        // Not audited: a restore reproduces the backup exactly, its audit log included.
        const counts = await restore(db, required({ file: sub }, "file"));
        process.stdout.write(
          `Restauration terminée : ${Object.values(counts).reduce((a, b) => a + b, 0)} lignes.\n`,
        );
      });
    case "ledger verify":
      return withServices(config, async ({ ledger }) => {
        const problems = await ledger.verify(required(values, "space"));
        if (problems.length === 0) {
          process.stdout.write(
            "Grand livre vérifié : soldes recalculés identiques, chaîne de hachage intacte.\n",
          );
          return;
        }
        process.stdout.write(`Grand livre NON conforme :\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
        process.exitCode = 1;
      });
    case "ledger fec":
      return withServices(config, async ({ ledger }) => {
        const space = await ledger.chamber(required(values, "space"));
        const fec = ledger.fec(space, {
          year: Number(required(values, "year")),
          siren: required(values, "siren"),
        });
        if (!values.out) {
          await fec.write(process.stdout);
          return;
        }
        const target = path.join(values.out, fec.fileName);
        const file = createWriteStream(`${target}.part`, { flags: "wx" });
        const summary = await fec.write(file);
        file.end();
        await finished(file);
        // Never a half-written FEC under its legal name.
        await rename(`${target}.part`, target);
        process.stderr.write(
          `FEC écrit : ${target} (${summary.entries} écritures, ${summary.lines} lignes)\n`,
        );
      });
    case "ledger close":
      return withServices(config, async ({ ledger }) => {
        const year = Number(required(values, "year"));
        const { entries } = await ledger.closeYear(required(values, "space"), year);
        process.stdout.write(
          `Exercice ${year} clos : ${entries} écriture(s) de clôture vers le compte 120 ; plus aucun mouvement daté de ${year}.\n`,
        );
      });
    case "ledger import-donations":
      return withServices(config, async ({ donationImports }) => {
        const source = required(values, "source");
        const sources: string[] = donationImports.sources;
        if (!sources.includes(source)) throw new UsageError(`--source vaut ${sources.join(", ")}.`);
        const file = required({ file: positionals[2] }, "file");
        const mapping = {
          date: values["date-column"] ?? "Date",
          amount: values["amount-column"] ?? "Montant",
          label: values["label-column"] ?? "Libellé",
          id: values["id-column"],
          dateFormat: (values["date-format"] ?? "DD/MM/YYYY") as "DD/MM/YYYY" | "YYYY-MM-DD",
        };
        const report = await donationImports.runFile(
          null,
          required(values, "space"),
          { source: source as (typeof donationImports.sources)[number], mapping, path: file },
          { dryRun: values["dry-run"] === true },
        );
        const t = (key: string, params?: Record<string, string | number>) => translate("fr", key, params);
        process.stdout.write(
          [
            report.dryRun ? "Essai (rien n’a été écrit) :" : "Import des dons terminé :",
            `  lus : ${report.read}`,
            `  dons enregistrés : ${report.booked}`,
            `  déjà enregistrés : ${report.known}`,
            `  ignorés : ${report.skipped}`,
            `  invalides : ${report.invalid}`,
            ...report.problems.map((p) => `  - ${p.at} : ${t(p.reason.key, p.reason.params)}`),
            ...(report.failure
              ? [`Échec, rien n’a été écrit : ${t(report.failure.key, report.failure.params)}`]
              : []),
            "",
          ].join("\n"),
        );
        if (report.failure) process.exitCode = 1;
      });
    case "outbox":
      return withServices(config, async ({ ctx }) => {
        for (const mail of await listOutbox(ctx)) {
          process.stdout.write(
            `--- ${mail.created_at} ${mail.sent_at ? "envoyé" : "non envoyé"}\nÀ : ${mail.to_address}\nObjet : ${mail.subject}\n\n${mail.body_text}\n\n`,
          );
        }
      });
    default:
      throw new UsageError(`Commande inconnue : ${positionals.join(" ")}\n\n${USAGE}`);
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof DomainError) {
    const fields = Object.entries(error.fields).map(
      ([name, key]) => `  ${name} : ${translate("fr", `msg.${key}`)}`,
    );
    return [translate("fr", `error.${error.code}`), ...fields].join("\n");
  }
  if (error instanceof GeocodingError) return translate("fr", error.key, error.params);
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof CommandError)
    return error.message;
  const { code, path } = error as NodeJS.ErrnoException;
  if (code === "EEXIST")
    return `Le fichier ${path} existe déjà : une sauvegarde n’en écrase jamais une autre.`;
  if (code === "ENOENT") return `Fichier introuvable : ${path}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

run(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${describeFailure(error)}\n`);
  process.exit(
    error instanceof UsageError || error instanceof ConfigError || error instanceof CommandError ? 2 : 1,
  );
});
