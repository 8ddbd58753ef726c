import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import tar from "tar-stream";
import { DomainError } from "../core/errors.ts";
import type { Db } from "./connection.ts";
import { linkNew, makePrivateDir, PRIVATE_FILE } from "./data-files.ts";
import { assertEmpty, BACKUP_FORMAT, invalid, restoreDump, writeDump } from "./dump.ts";
import { LATEST_MIGRATION } from "./migrations.ts";

/**
 * A backup is a gzipped tar archive: the JSON-lines dump of the database (`database.jsonl`, see
 * dump.ts), every file the instance keeps under its data folder (`files/receipts/…`,
 * `files/images/…`), then `manifest.json` with the size and sha256 of each entry. A restore checks
 * every entry against the manifest before it writes anything. A plain JSON-lines file, the backup
 * of earlier versions, still restores (the database only).
 */
export const ARCHIVE_VERSION = 2;

/**
 * The folders of the data folder that are part of an instance: accounting receipts, commons images
 * and the wiki's files. Uploads and import previews (uploads/, imports/, donation-imports/) are temporary.
 */
export const KEPT_FOLDERS = ["receipts", "images", "wiki-files"] as const;

const DATABASE = "database.jsonl";
const MANIFEST = "manifest.json";
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
const KEPT_FILE = new RegExp(`^files/(${KEPT_FOLDERS.join("|")})/[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$`);
const SHA256 = /^[0-9a-f]{64}$/;
/** The field that names what is wrong when the archive as a whole is. */
const ARCHIVE = "archive";

export interface ArchiveEntry {
  path: string;
  size: number;
  sha256: string;
}

interface Manifest {
  format: string;
  version: number;
  schema: string;
  dialect: string;
  createdAt: string;
  entries: ArchiveEntry[];
}

const isEntryName = (name: string) => name === DATABASE || KEPT_FILE.test(name);
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** An error as `open(…, "wx")` gives it, naming the file the operator chose rather than a temporary one. */
function alreadyThere(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EEXIST: file already exists, '${file}'`), {
    code: "EEXIST",
    path: file,
    syscall: "open",
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Streams `input` into `output`, answering the size and sha256 of what went through. */
async function copyHashed(
  input: AsyncIterable<unknown>,
  output: NodeJS.WritableStream,
): Promise<Omit<ArchiveEntry, "path">> {
  const hash = createHash("sha256");
  let size = 0;
  await pipeline(
    input as AsyncIterable<Buffer>,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    output,
  );
  return { size, sha256: hash.digest("hex") };
}

/** The kept files of the data folder (`receipts/…`, `images/…`), in a stable order. */
async function keptFiles(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of KEPT_FOLDERS) {
    const entries = await fs.promises
      .readdir(path.join(dataDir, folder), { withFileTypes: true })
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      });
    for (const entry of entries)
      if (entry.isFile() && KEPT_FILE.test(`files/${folder}/${entry.name}`))
        found.push(`${folder}/${entry.name}`);
  }
  return found.sort();
}

/** Adds a file to the archive; nothing when it is gone (an image deleted since it was listed). */
async function addFile(pack: tar.Pack, name: string, source: string): Promise<ArchiveEntry | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(source, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const { size, mtime } = await handle.stat();
    const entry = pack.entry({ name, size, mtime, mode: PRIVATE_FILE, type: "file" });
    return { path: name, ...(await copyHashed(handle.createReadStream({ autoClose: false }), entry)) };
  } finally {
    await handle.close();
  }
}

async function writeArchive(db: Db, dataDir: string, dump: string, file: string): Promise<ArchiveEntry[]> {
  const pack = tar.pack();
  const written = pipeline(
    pack,
    zlib.createGzip(),
    fs.createWriteStream(file, { flags: "wx", mode: PRIVATE_FILE }),
  );
  // Awaited below; a failure meanwhile shows up as a failure to add an entry.
  written.catch(() => undefined);
  try {
    const database = await addFile(pack, DATABASE, dump);
    if (!database) throw new Error(`${dump} disappeared`);
    const entries = [database];
    // Listed after the snapshot: a receipt or an image is on disk before its row is committed.
    for (const kept of await keptFiles(dataDir)) {
      const entry = await addFile(pack, `files/${kept}`, path.join(dataDir, kept));
      if (entry) entries.push(entry);
    }
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: ARCHIVE_VERSION,
      schema: LATEST_MIGRATION,
      dialect: db.dialect,
      createdAt: new Date().toISOString(),
      entries,
    };
    pack.entry(
      { name: MANIFEST, mode: PRIVATE_FILE, type: "file" },
      `${JSON.stringify(manifest, null, 1)}\n`,
    );
    pack.finalize();
    await written;
    return entries;
  } catch (error) {
    pack.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
}

/**
 * Writes a backup of the database and of the kept files to `file`: readable by its owner only,
 * written under a temporary name, flushed to disk, then given its name, never over an existing file.
 */
export async function backup(
  db: Db,
  dataDir: string,
  file: string,
): Promise<{ rows: number; files: number }> {
  if (await exists(file)) throw alreadyThere(file);
  const temp = `${file}.${randomBytes(6).toString("hex")}.part`;
  const dump = `${temp}.jsonl`;
  try {
    const counts = await writeDump(db, dump);
    const entries = await writeArchive(db, dataDir, dump, temp);
    const handle = await fs.promises.open(temp, "r+");
    try {
      await handle.chmod(PRIVATE_FILE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await linkNew(temp, file).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EEXIST" ? alreadyThere(file) : error;
    });
    return { rows: total(counts), files: entries.length - 1 };
  } finally {
    await fs.promises.rm(temp, { force: true });
    await fs.promises.rm(dump, { force: true });
  }
}

/** What a backup file is, from its first bytes: an archive, an older JSON-lines backup, or neither. */
async function kindOf(file: string): Promise<"archive" | "lines"> {
  const handle = await fs.promises.open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return "archive";
    if (bytesRead > 0 && buffer[0] === "{".charCodeAt(0)) return "lines";
  } finally {
    await handle.close();
  }
  throw invalid("backup.notBackup", ARCHIVE);
}

async function readAll(input: AsyncIterable<unknown>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const data of input) {
    const chunk = data as Buffer;
    size += chunk.length;
    if (size > max) throw invalid("backup.damaged", MANIFEST);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

type Staged = ArchiveEntry & { file: string };

/**
 * Reads the whole archive into `staging` (each entry under a name of ours, never the archive's),
 * with each entry's size and sha256. Entries that a backup does not hold are refused.
 */
async function unpack(
  archive: string,
  staging: string,
): Promise<{ staged: Map<string, Staged>; manifest: Buffer }> {
  const extract = tar.extract();
  const read = pipeline(fs.createReadStream(archive), zlib.createGunzip(), extract);
  read.catch(() => undefined);
  const staged = new Map<string, Staged>();
  let manifest: Buffer | undefined;
  try {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      const duplicate = staged.has(name) || (name === MANIFEST && manifest !== undefined);
      if (type !== "file" || duplicate || (name !== MANIFEST && !isEntryName(name)))
        throw invalid("backup.unexpectedEntry", JSON.stringify(name).slice(0, 120));
      if (name === MANIFEST) {
        manifest = await readAll(entry, MANIFEST_MAX_BYTES);
        continue;
      }
      const file = path.join(staging, String(staged.size));
      const copied = await copyHashed(entry, fs.createWriteStream(file, { flags: "wx", mode: PRIVATE_FILE }));
      staged.set(name, { path: name, ...copied, file });
    }
    await read;
  } catch (error) {
    extract.destroy();
    // Our own refusal, or the disk (no room left, no such file): as it is; anything else comes from
    // reading a damaged archive (gzip or tar).
    if (error instanceof DomainError || (error as NodeJS.ErrnoException).syscall) throw error;
    throw invalid("backup.damaged", ARCHIVE);
  }
  if (!manifest) throw invalid("backup.damaged", ARCHIVE);
  return { staged, manifest };
}

function parseManifest(buffer: Buffer): Manifest {
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(buffer.toString("utf8")) as Partial<Manifest>;
  } catch {
    throw invalid("backup.damaged", MANIFEST);
  }
  if (!manifest || typeof manifest !== "object" || manifest.format !== BACKUP_FORMAT)
    throw invalid("backup.notBackup", MANIFEST);
  if (manifest.version !== ARCHIVE_VERSION || manifest.schema !== LATEST_MIGRATION)
    throw invalid("backup.otherVersion", MANIFEST);
  const entries = manifest.entries;
  const wellFormed =
    Array.isArray(entries) &&
    entries.every(
      (entry: Partial<ArchiveEntry> | null) =>
        typeof entry?.path === "string" &&
        isEntryName(entry.path) &&
        Number.isSafeInteger(entry.size) &&
        (entry.size ?? -1) >= 0 &&
        typeof entry.sha256 === "string" &&
        SHA256.test(entry.sha256),
    ) &&
    new Set(entries.map((entry) => entry.path)).size === entries.length &&
    entries.some((entry) => entry.path === DATABASE);
  if (!wellFormed) throw invalid("backup.damaged", MANIFEST);
  return manifest as Manifest;
}

/** Every entry of the archive is in the manifest with the same size and sha256, and the other way round. */
function verify(staged: Map<string, Staged>, manifest: Manifest): void {
  const listed = new Map(manifest.entries.map((entry) => [entry.path, entry]));
  for (const [name, entry] of staged) {
    const expected = listed.get(name);
    if (!expected) throw invalid("backup.unlisted", name);
    if (expected.size !== entry.size || expected.sha256 !== entry.sha256)
      throw invalid("backup.checksum", name);
  }
  for (const name of listed.keys()) if (!staged.has(name)) throw invalid("backup.missing", name);
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Where each file goes in the data folder. A file already there with the same bytes is kept (the
 * same data folder moved to PostgreSQL); one with other bytes stops the restore before it starts.
 */
async function placements(dataDir: string, staged: Map<string, Staged>) {
  const moves: { from: string; to: string }[] = [];
  for (const [name, entry] of staged) {
    if (name === DATABASE) continue;
    const relative = name.slice("files/".length);
    const to = path.join(dataDir, relative);
    const there = await fs.promises.lstat(to).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (!there) moves.push({ from: entry.file, to });
    else if (!there.isFile() || (await sha256Of(to)) !== entry.sha256)
      throw new DomainError("BACKUP_FILE_CONFLICT", { [relative]: "backup.fileDiffers" });
  }
  return moves;
}

/**
 * Restores a backup into an empty, migrated database (of either dialect) and its data folder. The
 * archive is read whole and checked first; the rows are then inserted and the files put in place in
 * one transaction: a refused backup leaves the database and the data folder as they were.
 */
export async function restore(
  db: Db,
  dataDir: string,
  file: string,
): Promise<{ rows: number; files: number; legacy: boolean }> {
  if ((await kindOf(file)) === "lines")
    return { rows: total(await restoreDump(db, file)), files: 0, legacy: true };
  await assertEmpty(db.kysely);
  const createdDataDir = await makePrivateDir(dataDir);
  const staging = await fs.promises.mkdtemp(path.join(dataDir, ".restore-"));
  const placed: string[] = [];
  const createdFolders: string[] = [];
  let restored = false;
  try {
    const { staged, manifest } = await unpack(file, staging);
    verify(staged, parseManifest(manifest));
    const moves = await placements(dataDir, staged);
    const database = staged.get(DATABASE);
    if (!database) throw invalid("backup.missing", DATABASE);
    const counts = await restoreDump(db, database.file, async () => {
      for (const { from, to } of moves) {
        if (await makePrivateDir(path.dirname(to))) createdFolders.push(path.dirname(to));
        await linkNew(from, to).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "EEXIST") throw error;
          throw new DomainError("BACKUP_FILE_CONFLICT", {
            [path.relative(dataDir, to)]: "backup.fileDiffers",
          });
        });
        placed.push(to);
      }
    });
    restored = true;
    return { rows: total(counts), files: staged.size - 1, legacy: false };
  } catch (error) {
    for (const file of placed) await fs.promises.rm(file, { force: true });
    for (const folder of createdFolders) await fs.promises.rmdir(folder).catch(() => undefined);
    throw error;
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
    if (createdDataDir && !restored) await fs.promises.rmdir(dataDir).catch(() => undefined);
  }
}
