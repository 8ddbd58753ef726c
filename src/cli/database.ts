import { backup, restore } from "../db/backup.ts";
import { type Invocation, required } from "./command.ts";
import { withServices } from "./services.ts";

export function migrateCommand({ config }: Invocation): Promise<void> {
  return withServices(
    config,
    [],
    async () => {
      process.stdout.write("Base de données à jour.\n");
    },
    { createsDatabase: true },
  );
}

export function backupCommand({ config, positionals: [, sub] }: Invocation): Promise<void> {
  return withServices(config, [], async ({ db }) => {
    const { rows, files } = await backup(db, config.dataDir, required({ file: sub }, "file"));
    process.stdout.write(`Sauvegarde écrite : ${rows} lignes, ${files} fichiers.\n`);
  });
}

export function restoreCommand({ config, positionals: [, sub] }: Invocation): Promise<void> {
  return withServices(
    config,
    [],
    async ({ db }) => {
      // Not audited: a restore reproduces the backup exactly, its audit log included.
      const { rows, files, legacy } = await restore(db, config.dataDir, required({ file: sub }, "file"));
      process.stdout.write(`Restauration terminée : ${rows} lignes, ${files} fichiers.\n`);
      if (legacy)
        process.stdout.write(
          "Sauvegarde d’une version précédente : elle ne contient que la base. Recopiez les dossiers receipts/ et images/ de l’ancien dossier de données.\n",
        );
    },
    { createsDatabase: true },
  );
}
