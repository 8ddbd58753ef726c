/**
 * The command line: a table of commands, each loaded only when it runs (`--help` loads none of them, and
 * no command loads the web application but `serve`). The commands live in src/cli/.
 */

import { type Command, parseCommandLine, UsageError } from "./cli/command.ts";
import { ConfigError, loadConfig } from "./config.ts";

const USAGE = `Utilisation : communs <commande> [options]

  serve                                  démarre le serveur web (PORT, défaut 3000)
  migrate                                met le schéma de la base à jour
  user create --email E --name N --password P [--admin]
                                         (ou le mot de passe dans COMMUNS_PASSWORD)
  token create --email E [--name N]      affiche un jeton d’API personnel (une seule fois)
  space create --kind assembly|chamber --name N --slug S [--territory T] [--theme T] [--assembly SLUG]
  backup FICHIER                         sauvegarde complète (archive .tar.gz : base, justificatifs, images)
  restore FICHIER                        restaure dans une base et un dossier de données vides
  outbox                                 affiche les derniers e-mails (utile sans SMTP_URL)
  archive --out DOSSIER [--base-url URL]
                                         archive statique du site (pages publiques, redirections,
                                         recherche, données, sitemap.xml), liens vérifiés
  archive serve DOSSIER [--port N]       sert une archive pour la prévisualiser (127.0.0.1, défaut 8080)
  jobs run [--once]                      exécute les tâches de fond (e-mails, imports…) hors du serveur
                                         (--once : les tâches dues, puis s’arrête)

  Annuaire des communs :
  import commons --space S --format csv|geojson|gogocarto|jsonld|mediawiki [--template NOM]
                 [--field PARAMÈTRE=CHAMP …] [--dry-run] FICHIER
  export commons --space S --format geojson|csv|jsonld|gogocarto [--out FICHIER]
                 [--q TEXTE] [--tag T] [--kind K] [--commune C] [--status actif…]
  geocode index FICHIER.csv[.gz]         construit l’index local depuis un CSV de la BAN (un département)
  geocode run --space S [--retry]        géocode les lieux sans coordonnées (--retry : aussi les échecs)

  Wiki :
  import wiki --space S [--files DOSSIER] [--at-root] FICHIER.xml|.xml.gz|.xml.bz2
                                         importe un export MediaWiki avec tout l’historique
                                         (--files : les fichiers téléversés ; --at-root : le wiki
                                         de l’instance, à l’adresse /wiki/Titre)

  Comptabilité des chambres :
  ledger verify --space S                recalcule les soldes depuis les mouvements et vérifie la chaîne
  ledger fec --space S --year AAAA --siren N [--out DOSSIER]
                                         écrit le FEC de l’exercice (sortie standard sans --out)
  ledger close --space S --year AAAA     clôt l’exercice (résultat vers 120, plus aucun mouvement daté de l’année)
  ledger import-donations --space S --source helloasso|liberapay|bank [--dry-run] FICHIER.csv
                 [--date-column C --amount-column C --label-column C --id-column C --donor-column C --date-format DD/MM/YYYY]

  Réunions :
  meetings import-pad --space S --meeting ID [--dry-run] FICHIER|URL
                                         lit le pad d’une réunion (fichier texte ou export Etherpad),
                                         affiche le brouillon et l’enregistre (sauf --dry-run)

  Cycle de vie (compostage de l’instance) :
  lifecycle show                         affiche le calendrier et l’étape en vigueur
  lifecycle set ÉTAPE --from AAAA-MM-JJ [--message TEXTE] [--next-url URL]
                                         programme une étape à partir d’un jour (heure de Paris) :
                                         notice (bandeau), read-only (plus de connexion ni d’écriture),
                                         archived ; « lifecycle set active » annule tout le calendrier
`;

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import("./cli/serve.ts")).serve,
  migrate: async () => (await import("./cli/database.ts")).migrateCommand,
  "user create": async () => (await import("./cli/accounts.ts")).userCreate,
  "token create": async () => (await import("./cli/accounts.ts")).tokenCreate,
  "space create": async () => (await import("./cli/spaces.ts")).spaceCreate,
  "import commons": async () => (await import("./cli/commons.ts")).importCommons,
  "export commons": async () => (await import("./cli/commons.ts")).exportCommons,
  "import wiki": async () => (await import("./cli/wiki.ts")).importWikiCommand,
  "geocode index": async () => (await import("./cli/geocode.ts")).geocodeIndex,
  "geocode run": async () => (await import("./cli/geocode.ts")).geocodeRun,
  backup: async () => (await import("./cli/database.ts")).backupCommand,
  restore: async () => (await import("./cli/database.ts")).restoreCommand,
  "ledger verify": async () => (await import("./cli/ledger.ts")).ledgerVerify,
  "ledger fec": async () => (await import("./cli/ledger.ts")).ledgerFec,
  "ledger close": async () => (await import("./cli/ledger.ts")).ledgerClose,
  "ledger import-donations": async () => (await import("./cli/donations.ts")).importDonations,
  "meetings import-pad": async () => (await import("./cli/meetings.ts")).importPad,
  outbox: async () => (await import("./cli/outbox.ts")).outbox,
  "jobs run": async () => (await import("./cli/jobs.ts")).jobsRun,
  "lifecycle show": async () => (await import("./cli/lifecycle.ts")).lifecycleShow,
  "lifecycle set": async () => (await import("./cli/lifecycle.ts")).lifecycleSet,
  archive: async () => (await import("./cli/archive.ts")).archive,
  "archive serve": async () => (await import("./cli/archive.ts")).archiveServe,
};

/** The commands named by two words (`user create`): their first word. */
const GROUPS = new Set(
  Object.keys(COMMANDS).flatMap((name) => (name.includes(" ") ? [name.split(" ")[0]] : [])),
);

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, sub] = positionals;
  const config = loadConfig();
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  const name = `${command}${sub && GROUPS.has(command) ? ` ${sub}` : ""}`;
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) throw new UsageError(`Commande inconnue : ${positionals.join(" ")}\n\n${USAGE}`);
  return (await load())({ config, values, positionals });
}

run(process.argv.slice(2)).catch(async (error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const { describeFailure, exitCodeOf } = await import("./cli/failure.ts");
  process.stderr.write(`${describeFailure(error)}\n`);
  process.exit(exitCodeOf(error));
});
