/** The bytes of a MediaWiki export as they were before compression: plain, gzip or bzip2 (read by its magic bytes). */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import unbzip2 from "unbzip2-stream";
import { ImportFileError } from "./types.ts";

function isZlibError(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? "").startsWith("Z_");
}

function asBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array);
}

/** unbzip2-stream throws plain Errors (and strings); a file system's errors carry a code. */
function isBzip2Error(error: unknown): boolean {
  return !(error instanceof Error && "code" in error);
}

const GZIP = [0x1f, 0x8b];
/** "BZh": bzip2's signature. */
const BZIP2 = [0x42, 0x5a, 0x68];

function startsWith(head: Buffer, magic: number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

/** Decompressed chunks; a broken or truncated compressed file is an ImportFileError with its key. */
async function* decompressed(
  source: AsyncIterable<Buffer>,
  stream: NodeJS.ReadWriteStream,
  key: string,
  isCodecError: (error: unknown) => boolean,
): AsyncGenerator<Buffer> {
  const output = stream instanceof Readable ? stream : new Readable().wrap(stream);
  pipeline(Readable.from(source), stream).catch((error) => output.destroy(error));
  try {
    for await (const chunk of output) yield asBuffer(chunk);
  } catch (error) {
    if (isCodecError(error)) throw new ImportFileError({ key });
    throw error;
  }
}

/** The file's bytes, gunzipped or bunzipped when they start with gzip's or bzip2's magic bytes. */
export async function* bytes(input: Readable): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]();
  try {
    let head = Buffer.alloc(0);
    while (head.length < 3) {
      const next = await source.next();
      if (next.done) break;
      head = Buffer.concat([head, asBuffer(next.value)]);
    }
    async function* all(): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      for (let next = await source.next(); !next.done; next = await source.next()) yield asBuffer(next.value);
    }
    if (startsWith(head, GZIP)) yield* decompressed(all(), createGunzip(), "import.gzipBroken", isZlibError);
    else if (startsWith(head, BZIP2))
      yield* decompressed(all(), unbzip2(), "import.bzip2Broken", isBzip2Error);
    else yield* all();
  } finally {
    await source.return?.();
  }
}
