import fs from "node:fs";

/**
 * Modes of what Communs keeps under its data folder (the SQLite database with password hashes,
 * session digests and the cookie secret; receipts; images; backups): readable by their owner only,
 * set explicitly so that a permissive umask changes nothing.
 */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/** Creates a folder and its missing parents, owner only; an existing folder keeps its mode. */
export function makePrivateDirSync(dir: string): boolean {
  const created = fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (created !== undefined) fs.chmodSync(dir, PRIVATE_DIR);
  return created !== undefined;
}

export async function makePrivateDir(dir: string): Promise<boolean> {
  const created = await fs.promises.mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  if (created !== undefined) await fs.promises.chmod(dir, PRIVATE_DIR);
  return created !== undefined;
}

const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Gives `from` the name `to`, never over an existing file (EEXIST): a hard link fails atomically when
 * the name is taken, where `rename` would replace the file. `from` is left for the caller to remove.
 */
export async function linkNew(from: string, to: string): Promise<void> {
  try {
    await fs.promises.link(from, to);
  } catch (error) {
    // A file system without hard links (some network or removable ones): check, then copy.
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
    await fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL);
  }
}
