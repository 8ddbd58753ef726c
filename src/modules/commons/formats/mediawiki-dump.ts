/**
 * Reading a MediaWiki XML export as a stream: its bytes (plain or gzipped), then its siteinfo and each
 * page's latest revision, nothing else kept. The importer (mediawiki.ts) turns pages into records.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { Namespaces, NS_MAIN } from "../../../core/wikitext.ts";
import { ImportFileError } from "./types.ts";

/** Root namespaces of the export schemas we read; both carry what we need in the same places. */
const SCHEMAS: Record<string, string> = {
  "http://www.mediawiki.org/xml/export-0.10/": "0.10",
  "http://www.mediawiki.org/xml/export-0.11/": "0.11",
};

// ---------------------------------------------------------------------------------------------------
// Reading the dump: siteinfo and each page's latest revision, nothing else kept

export interface Site {
  sitename: string;
  base: string;
  titleCase: string;
  names: [number, string][];
  namespaces: Namespaces;
}

export interface Revision {
  id: string;
  timestamp: string;
  text: string;
}

export interface Page {
  title: string;
  ns: number;
  redirect: string | null;
  latest: Revision | null;
}

/** Elements whose text we keep, by path under the root. Everything else is read and forgotten. */
const CAPTURED = new Set([
  "siteinfo/sitename",
  "siteinfo/base",
  "siteinfo/case",
  "siteinfo/namespaces/namespace",
  "page/title",
  "page/ns",
  "page/revision/id",
  "page/revision/timestamp",
  "page/revision/text",
]);

export class DumpReader {
  readonly site: Site = {
    sitename: "",
    base: "",
    titleCase: "first-letter",
    names: [],
    namespaces: new Namespaces(),
  };
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly path: string[] = [];
  private rootSeen = false;
  private buffer: string[] | null = null;
  private namespaceKey = 0;
  private page: Page | null = null;
  private revision: Revision | null = null;
  private finished: Page[] = [];

  constructor() {
    this.parser.on("opentag", (tag) => this.open(tag));
    this.parser.on("closetag", () => this.close());
    this.parser.on("cdata", (text) => this.buffer?.push(text));
  }

  /** saxes gathers character data only while a text handler is set: none outside the elements we keep. */
  private capture(on: boolean): void {
    this.buffer = on ? [] : null;
    if (on) this.parser.on("text", (text) => this.buffer?.push(text));
    else this.parser.off("text");
  }

  write(chunk: string): void {
    this.guard(() => this.parser.write(chunk));
  }

  end(): void {
    this.guard(() => this.parser.close());
  }

  /** Pages read completely since the last call. */
  take(): Page[] {
    const pages = this.finished;
    this.finished = [];
    return pages;
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      if (!this.rootSeen) throw new ImportFileError({ key: "import.notMediawiki" });
      throw new ImportFileError({ key: "import.xmlMalformed", params: { line: this.parser.line } });
    }
  }

  private open(tag: SaxesTagNS): void {
    if (!this.rootSeen) this.root(tag);
    this.path.push(tag.local);
    const where = this.path.slice(1).join("/");
    if (CAPTURED.has(where)) this.capture(true);
    if (where === "siteinfo/namespaces/namespace") this.namespaceKey = Number(tag.attributes.key?.value ?? 0);
    else if (where === "page") this.page = { title: "", ns: NS_MAIN, redirect: null, latest: null };
    else if (where === "page/redirect" && this.page) this.page.redirect = tag.attributes.title?.value ?? null;
    else if (where === "page/revision") this.revision = { id: "", timestamp: "", text: "" };
  }

  private root(tag: SaxesTagNS): void {
    this.rootSeen = true;
    if (tag.local !== "mediawiki") throw new ImportFileError({ key: "import.notMediawiki" });
    if (!SCHEMAS[tag.uri])
      throw new ImportFileError({ key: "import.mediawikiVersion", params: { version: tag.uri || "?" } });
  }

  private close(): void {
    const where = this.path.slice(1).join("/");
    this.path.pop();
    const text = this.buffer?.join("") ?? "";
    if (CAPTURED.has(where)) this.capture(false);

    this.store(where, text);
  }

  private store(where: string, text: string): void {
    const { page, revision, site } = this;
    if (where === "siteinfo/sitename") site.sitename = text.trim();
    else if (where === "siteinfo/base") site.base = text.trim();
    else if (where === "siteinfo/case") site.titleCase = text.trim();
    else if (where === "siteinfo/namespaces/namespace") site.names.push([this.namespaceKey, text]);
    else if (where === "siteinfo") site.namespaces = new Namespaces(site.names, [], site.titleCase);
    else if (where === "page/title" && page) page.title = text.trim();
    else if (where === "page/ns" && page) page.ns = Number(text.trim()) || NS_MAIN;
    else if (where === "page/revision/id" && revision) revision.id = text.trim();
    else if (where === "page/revision/timestamp" && revision) revision.timestamp = text.trim();
    else if (where === "page/revision/text" && revision) revision.text = text;
    else if (where === "page/revision" && page && revision) {
      // Revisions come oldest first; a later one with the same timestamp is still the newer.
      if (!page.latest || revision.timestamp >= page.latest.timestamp) page.latest = revision;
      this.revision = null;
    } else if (where === "page" && page) {
      this.finished.push(page);
      this.page = null;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The byte stream: plain or gzipped XML

function isZlibError(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? "").startsWith("Z_");
}

function asBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array);
}

/** The file's bytes, gunzipped when they start with gzip's magic bytes 1f 8b. */
export async function* bytes(input: Readable): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]();
  try {
    let head = Buffer.alloc(0);
    while (head.length < 2) {
      const next = await source.next();
      if (next.done) break;
      head = Buffer.concat([head, asBuffer(next.value)]);
    }
    async function* all(): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      for (let next = await source.next(); !next.done; next = await source.next()) yield asBuffer(next.value);
    }
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      yield* all();
      return;
    }
    const gunzip = createGunzip();
    pipeline(Readable.from(all()), gunzip).catch(() => {});
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (error) {
      if (isZlibError(error)) throw new ImportFileError({ key: "import.gzipBroken" });
      throw error;
    }
  } finally {
    await source.return?.();
  }
}
