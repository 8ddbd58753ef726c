import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import tar from "tar-stream";

/** One entry of a tar archive, read whole (tests only: archives here are small). */
export interface TarEntry {
  name: string;
  type?: "file" | "symlink" | "directory";
  linkname?: string;
  data: Buffer;
}

/** The entries of a gzipped tar archive, in order. */
export async function readArchive(file: string): Promise<TarEntry[]> {
  const extract = tar.extract();
  const read = pipeline(fs.createReadStream(file), zlib.createGunzip(), extract);
  const entries: TarEntry[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const { name, type, linkname } = entry.header;
    entries.push({ name, type: type as TarEntry["type"], linkname, data: Buffer.concat(chunks) });
  }
  await read;
  return entries;
}

/** Writes entries as a gzipped tar archive (to make altered backups). */
export async function writeArchive(file: string, entries: TarEntry[]): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, zlib.createGzip(), fs.createWriteStream(file));
  for (const { name, type = "file", linkname, data } of entries)
    pack.entry(
      { name, type, linkname, size: type === "file" ? data.length : 0 },
      type === "file" ? data : "",
    );
  pack.finalize();
  await written;
}

/** The JSON lines of the database part of a backup archive. */
export async function dumpLines(file: string): Promise<string[]> {
  const dump = (await readArchive(file)).find((entry) => entry.name === "database.jsonl");
  if (!dump) throw new Error(`${file} has no database.jsonl`);
  return dump.data.toString("utf8").trim().split("\n");
}

export const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** Every file under a folder: relative path → sha256 and mode; folders → their mode. */
export function treeOf(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const relative = path.relative(dir, full);
      const mode = (fs.statSync(full).mode & 0o777).toString(8);
      if (entry.isDirectory()) {
        tree[`${relative}/`] = mode;
        walk(full);
      } else tree[relative] = `${mode} ${sha256(fs.readFileSync(full))}`;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return tree;
}
