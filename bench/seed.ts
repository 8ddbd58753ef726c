// Fills a fresh SQLite data directory through the services, as the CLI would: an administrator,
// one assembly and a few members who joined it.
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrations.ts";
import { createAccounts } from "../src/modules/accounts/service.ts";
import { createJobs } from "../src/modules/jobs/service.ts";
import { createMailer } from "../src/modules/mail/service.ts";
import { loadServices } from "../src/services.ts";

export async function seed(dataDir: string, slug: string, members = 5): Promise<void> {
  const config = loadConfig({ COMMUNS_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
  const db = openDatabase(config);
  try {
    await migrate(db.kysely, db.dialect);
    const ctx = { db, config, log: pino({ level: "warn" }) };
    const jobs = createJobs(ctx);
    const mailer = createMailer(ctx, jobs);
    const accounts = createAccounts(ctx, mailer);
    const { spaces } = await loadServices(ctx, ["spaces"]);
    const person = (n: number, admin = false) =>
      accounts.createByOperator({
        email: `personne${n}@bench.test`,
        displayName: `Personne ${n}`,
        password: "mot de passe du banc d’essai",
        admin,
      });
    const admin = await person(0, true);
    await spaces.create(admin, {
      kind: "assembly",
      name: "Assemblée du banc d’essai",
      slug,
      territory: "Vallée d’essai",
    });
    for (let n = 1; n <= members; n++) {
      await spaces.join(await person(n), slug, { introduction: `Bonjour, je suis la personne ${n}.` });
    }
  } finally {
    await db.close();
  }
}
