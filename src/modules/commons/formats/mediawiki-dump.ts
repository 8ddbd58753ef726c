/**
 * Reading a MediaWiki XML export as a stream: its bytes (plain, gzipped or bzip2ed), then its siteinfo
 * and either each page's latest revision (the directory's importer, mediawiki.ts) or, with `history`,
 * every revision, upload and log item as soon as it is read (the wiki's importer, pages/import.ts).
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import { Namespaces, NS_MAIN } from "../../../core/wikitext.ts";
import { ImportFileError } from "./types.ts";

export { bytes } from "./mediawiki-bytes.ts";

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

export interface Contributor {
  username: string | null;
  id: number | null;
  ip: string | null;
}

/** A page as its `<page>` element opens: what comes before its first revision. */
export interface PageHead {
  id: number | null;
  title: string;
  ns: number;
  /** `<redirect title>`: the target without its fragment. */
  redirect: string | null;
  /** Where its `<page>` starts in the file. */
  line: number;
}

export interface HistoryRevision {
  id: number | null;
  parentId: number | null;
  timestamp: string;
  contributor: Contributor;
  comment: string;
  minor: boolean;
  origin: number | null;
  model: string;
  format: string;
  text: string;
  /** `<text bytes>`, `<text sha1>` (0.11) and `<sha1>` as the dump states them. */
  statedBytes: number | null;
  statedSha1: string | null;
  textDeleted: boolean;
  line: number;
}

export interface Upload {
  timestamp: string;
  contributor: Contributor;
  comment: string;
  filename: string;
  src: string;
  size: number | null;
  sha1base36: string;
  /** The file's bytes in base64 (`<contents encoding="base64">`), when the dump includes them. */
  contents: string | null;
  line: number;
}

export interface LogItem {
  id: number | null;
  timestamp: string;
  contributor: Contributor;
  comment: string;
  type: string;
  action: string;
  logtitle: string;
  /** PHP-serialized, as the dump has them. */
  params: string;
  line: number;
}

export type DumpItem =
  | { kind: "revision"; page: PageHead; revision: HistoryRevision }
  | { kind: "upload"; page: PageHead; upload: Upload }
  | { kind: "pageEnd"; page: PageHead }
  | { kind: "log"; item: LogItem };

/** With `history`: the elements of a revision, an upload or a log item, by path under it. */
const ITEM_FIELDS = new Set([
  "id",
  "parentid",
  "timestamp",
  "contributor/username",
  "contributor/id",
  "contributor/ip",
  "comment",
  "origin",
  "model",
  "format",
  "text",
  "sha1",
  "filename",
  "src",
  "size",
  "sha1base36",
  "contents",
  "type",
  "action",
  "logtitle",
  "params",
]);
const ITEMS = new Set(["page/revision", "page/upload", "logitem"]);
function integer(text: string | undefined): number | null {
  const value = (text ?? "").trim();
  return /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** One revision, upload or log item being read: its elements' texts and the attributes we need. */
class Fields {
  readonly values = new Map<string, string>();
  readonly flags = new Set<string>();
  readonly attributes = new Map<string, string>();
  constructor(readonly line: number) {}

  get(name: string): string {
    return this.values.get(name) ?? "";
  }

  trimmed(name: string): string {
    return this.get(name).trim();
  }

  contributor(): Contributor {
    const username = this.values.get("contributor/username");
    const ip = this.values.get("contributor/ip");
    return {
      username: username === undefined ? null : username.trim(),
      id: integer(this.values.get("contributor/id")),
      ip: ip === undefined ? null : ip.trim(),
    };
  }

  revision(): HistoryRevision {
    const sha1 = this.trimmed("sha1") || (this.attributes.get("text.sha1") ?? "").trim();
    return {
      id: integer(this.values.get("id")),
      parentId: integer(this.values.get("parentid")),
      timestamp: this.trimmed("timestamp"),
      contributor: this.contributor(),
      comment: this.get("comment"),
      minor: this.flags.has("minor"),
      origin: integer(this.values.get("origin")),
      model: this.trimmed("model") || "wikitext",
      format: this.trimmed("format") || "text/x-wiki",
      text: this.get("text"),
      statedBytes: integer(this.attributes.get("text.bytes")),
      statedSha1: sha1 === "" ? null : sha1,
      textDeleted: this.flags.has("text.deleted"),
      line: this.line,
    };
  }

  upload(): Upload {
    return {
      timestamp: this.trimmed("timestamp"),
      contributor: this.contributor(),
      comment: this.get("comment"),
      filename: this.trimmed("filename"),
      src: this.trimmed("src"),
      size: integer(this.values.get("size")),
      sha1base36: this.trimmed("sha1base36"),
      contents: this.values.has("contents") ? this.get("contents").replace(/\s+/g, "") : null,
      line: this.line,
    };
  }

  logItem(): LogItem {
    return {
      id: integer(this.values.get("id")),
      timestamp: this.trimmed("timestamp"),
      contributor: this.contributor(),
      comment: this.get("comment"),
      type: this.trimmed("type"),
      action: this.trimmed("action"),
      logtitle: this.trimmed("logtitle"),
      params: this.get("params"),
      line: this.line,
    };
  }
}

export class DumpReader {
  readonly site: Site = {
    sitename: "",
    base: "",
    titleCase: "first-letter",
    names: [],
    namespaces: new Namespaces(),
  };
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly wheres: string[] = []; // the open elements' paths under the root: "", "page"…
  private rootSeen = false;
  private buffer: string[] | null = null;
  private namespaceKey = 0;
  private page: Page | null = null;
  private revision: Revision | null = null;
  private finished: Page[] = [];
  /** With `history`: the page being read, the item inside it, and what was read since the last call. */
  private head: PageHead | null = null;
  private fields: Fields | null = null;
  private itemDepth = 0;
  private items: DumpItem[] = [];
  /** The root's schema version ("0.10", "0.11"), once read. */
  schema = "";

  constructor(private readonly options: { history?: boolean } = {}) {
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

  /** With `history`: the revisions, uploads, page ends and log items read completely since the last call. */
  takeItems(): DumpItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  /** The line the parser has reached, and (with `history`) the title of the page it is in. */
  get line(): number {
    return this.parser.line;
  }
  get pageTitle(): string | null {
    return this.head?.title || null;
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
    const parent = this.wheres.at(-1);
    const where = parent === undefined ? "" : parent ? `${parent}/${tag.local}` : tag.local;
    this.wheres.push(where);
    // With history, pages are read by openInHistory/closeInHistory, and only siteinfo by the rest.
    if (this.options.history && !where.startsWith("siteinfo")) {
      this.openInHistory(where, tag);
      return;
    }
    if (CAPTURED.has(where)) this.capture(true);
    if (where === "siteinfo/namespaces/namespace") this.namespaceKey = Number(tag.attributes.key?.value ?? 0);
    else if (where === "page") this.page = { title: "", ns: NS_MAIN, redirect: null, latest: null };
    else if (where === "page/redirect" && this.page) this.page.redirect = tag.attributes.title?.value ?? null;
    else if (where === "page/revision") this.revision = { id: "", timestamp: "", text: "" };
  }

  private root(tag: SaxesTagNS): void {
    this.rootSeen = true;
    if (tag.local !== "mediawiki") throw new ImportFileError({ key: "import.notMediawiki" });
    const schema = SCHEMAS[tag.uri];
    if (!schema)
      throw new ImportFileError({ key: "import.mediawikiVersion", params: { version: tag.uri || "?" } });
    this.schema = schema;
  }

  private openInHistory(where: string, tag: SaxesTagNS): void {
    if (where === "page")
      this.head = { id: null, title: "", ns: NS_MAIN, redirect: null, line: this.parser.line };
    else if (where === "page/redirect" && this.head) this.head.redirect = tag.attributes.title?.value ?? null;
    else if (where === "page/id" || where === "page/title" || where === "page/ns") this.capture(true);
    else if (ITEMS.has(where)) {
      this.fields = new Fields(this.parser.line);
      this.itemDepth = this.wheres.length;
    } else if (this.fields) {
      const field = where.slice((this.wheres[this.itemDepth - 1]?.length ?? 0) + 1);
      if (ITEM_FIELDS.has(field)) this.capture(true);
      if (field === "minor") this.fields.flags.add("minor");
      if (field === "text") {
        for (const name of ["bytes", "sha1"]) {
          const value = tag.attributes[name]?.value;
          if (value !== undefined) this.fields.attributes.set(`text.${name}`, value);
        }
        if (tag.attributes.deleted) this.fields.flags.add("text.deleted");
      }
    }
  }

  private closeInHistory(where: string, text: string): void {
    const { head, fields } = this;
    if (where === "page/id" && head) head.id = integer(text);
    else if (where === "page/title" && head) head.title = text.trim();
    else if (where === "page/ns" && head) head.ns = Number(text.trim()) || NS_MAIN;
    else if (where === "page/revision" && head && fields)
      this.items.push({ kind: "revision", page: head, revision: fields.revision() });
    else if (where === "page/upload" && head && fields)
      this.items.push({ kind: "upload", page: head, upload: fields.upload() });
    else if (where === "logitem" && fields) this.items.push({ kind: "log", item: fields.logItem() });
    else if (where === "page" && head) this.items.push({ kind: "pageEnd", page: head });
    else if (fields && this.wheres.length >= this.itemDepth) {
      const field = where.slice((this.wheres[this.itemDepth - 1]?.length ?? 0) + 1);
      if (ITEM_FIELDS.has(field)) fields.values.set(field, text);
      return;
    }
    if (ITEMS.has(where)) this.fields = null;
    if (where === "page") this.head = null;
  }

  private close(): void {
    const where = this.wheres.pop() ?? "";
    const text = this.buffer?.join("") ?? "";
    if (this.buffer) this.capture(false);
    if (this.options.history && !where.startsWith("siteinfo")) this.closeInHistory(where, text);
    else this.store(where, text);
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
