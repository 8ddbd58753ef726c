import { backup, restore } from "../db/backup.ts";
import { type Invocation, required } from "./command.ts";
import { withServices } from "./services.ts";

export function migrateCommand({ config }: Invocation): Promise<void> {
  return withServices(config, async () => {
    process.stdout.write("Base de données à jour.\n");
  });
}

export function backupCommand({ config, positionals: [, sub] }: Invocation): Promise<void> {
  return withServices(config, async ({ db }) => {
    const counts = await backup(db, required({ file: sub }, "file"));
    process.stdout.write(`Sauvegarde écrite : ${Object.values(counts).reduce((a, b) => a + b, 0)} lignes.\n`);
  });
}

export function restoreCommand({ config, positionals: [, sub] }: Invocation): Promise<void> {
  return withServices(config, async ({ db }) => {
    // Not audited: a restore reproduces the backup exactly, its audit log included.
    const counts = await restore(db, required({ file: sub }, "file"));
    process.stdout.write(
      `Restauration terminée : ${Object.values(counts).reduce((a, b) => a + b, 0)} lignes.\n`,
    );
  });
}
