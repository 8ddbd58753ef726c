/**
 * Files of an imported wiki: bytes from the dump's `<upload><contents>` or from a folder (`--files`),
 * kept as the wiki's uploads are (service-edit.ts): under the data folder's `wiki-files/`, named by
 * their hex SHA-1, so the same bytes are kept once and a file written before a kill -9 is found again.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { newId } from "../../core/ids.ts";
import { linkNew, makePrivateDir, PRIVATE_FILE } from "../../db/data-files.ts";

export const WIKI_FILES_FOLDER = "wiki-files";

const MEDIA_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  pdf: "application/pdf",
  ogg: "audio/ogg",
  mp3: "audio/mpeg",
  webm: "video/webm",
  mp4: "video/mp4",
  txt: "text/plain",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
};

export function mediaTypeOf(name: string): string {
  const extension = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  return MEDIA_TYPES[extension] ?? "application/octet-stream";
}

export interface StoredBytes {
  storageKey: string;
  /** Hex, as the wiki's uploads keep it. */
  sha1: string;
  /** Base 36, as MediaWiki's `<sha1base36>` states it. */
  sha1base36: string;
  size: number;
}

/** Keeps the bytes under `{dataDir}/wiki-files/{sha1}`, written to a temporary name then linked. */
export async function keepBytes(dataDir: string, content: Buffer): Promise<StoredBytes> {
  const sha1 = createHash("sha1").update(content).digest("hex");
  const storageKey = `${WIKI_FILES_FOLDER}/${sha1}`;
  const file = path.join(dataDir, storageKey);
  if (!existsSync(file)) {
    await makePrivateDir(path.dirname(file));
    const temporary = `${file}.${newId()}.part`;
    try {
      await writeFile(temporary, content, { mode: PRIVATE_FILE });
      await linkNew(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      await rm(temporary, { force: true });
    }
  }
  const sha1base36 = BigInt(`0x${sha1}`).toString(36).padStart(31, "0");
  return { storageKey, sha1, sha1base36, size: content.length };
}

/** The file named so in the folder (as MediaWiki writes it, `_` or spaces), or null. */
export async function fileInFolder(folder: string, name: string): Promise<Buffer | null> {
  const base = path.basename(name);
  for (const candidate of new Set([base, base.replace(/ /g, "_"), base.replace(/_/g, " ")])) {
    try {
      return await readFile(path.join(folder, candidate));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return null;
}
