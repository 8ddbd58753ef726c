/**
 * Files of an imported wiki: bytes from the dump's `<upload><contents>` or from a folder (`--files`),
 * kept under the data folder's `wiki/`, named by their sha1 (the same bytes are kept once, and a file
 * written before a kill -9 is simply found again by the re-run).
 */
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { makePrivateDir, PRIVATE_FILE } from "../../db/data-files.ts";
import { sha1Base36 } from "./import-rows.ts";

export const WIKI_FILES_FOLDER = "wiki";

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
  sha1: string;
  size: number;
}

/** Keeps the bytes under `{dataDir}/wiki/{sha1}`, written to a temporary name then renamed. */
export async function keepBytes(dataDir: string, content: Buffer): Promise<StoredBytes> {
  const sha1 = sha1Base36(content);
  const storageKey = `${WIKI_FILES_FOLDER}/${sha1}`;
  const file = path.join(dataDir, storageKey);
  if (!existsSync(file)) {
    await makePrivateDir(path.dirname(file));
    const temporary = `${file}.${process.pid}.part`;
    try {
      await writeFile(temporary, content, { mode: PRIVATE_FILE });
      await rename(temporary, file);
    } finally {
      await rm(temporary, { force: true });
    }
  }
  return { storageKey, sha1, size: content.length };
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
