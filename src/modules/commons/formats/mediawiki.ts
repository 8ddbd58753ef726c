import { cleanTags, emptyPlace, fold, type LinkInput, type PlaceInput } from "../../../core/commons.ts";
import {
  callsOf,
  type Namespaces,
  NS_MAIN,
  NS_TEMPLATE,
  pageCategories,
  redirectTarget,
  type TemplateCall,
  templateCategories,
  templateKey,
  wikitextToMarkdown,
  wikitextToPlain,
  wikitextUrl,
  withoutCalls,
} from "../../../core/wikitext.ts";
import { bytes, DumpReader, type Page, type Revision, type Site } from "./mediawiki-dump.ts";
import { type Importer, ImportFileError, type ImportItem } from "./types.ts";
import { coordinateOf, kindOf, statusOf } from "./values.ts";

/** Where an infobox parameter goes in the commons record (`--field PARAM=FIELD`). */
export type MediawikiField =
  | "name"
  | "summary"
  | "description"
  | "street"
  | "postcode"
  | "commune"
  | "inseeCode"
  | "latitude"
  | "longitude"
  | "tags"
  | "website"
  | "communecter"
  | "contact"
  | "kind"
  | "status"
  | "ignore";

export const MEDIAWIKI_FIELDS: readonly MediawikiField[] = [
  "name",
  "summary",
  "description",
  "street",
  "postcode",
  "commune",
  "inseeCode",
  "latitude",
  "longitude",
  "tags",
  "website",
  "communecter",
  "contact",
  "kind",
  "status",
  "ignore",
];

export interface MediawikiOptions {
  /** The infobox that makes a page a commons ("Fiche commun", "Modèle:Fiche commun"). */
  template: string;
  /** Parameter name → field, over the French defaults below. */
  fields?: Record<string, string>;
}

/** The parameters a French commons infobox usually has. */
const DEFAULT_FIELDS: Record<string, MediawikiField> = {
  nom: "name",
  résumé: "summary",
  "description courte": "summary",
  description: "summary",
  adresse: "street",
  "code postal": "postcode",
  cp: "postcode",
  ville: "commune",
  commune: "commune",
  insee: "inseeCode",
  "code insee": "inseeCode",
  latitude: "latitude",
  lat: "latitude",
  longitude: "longitude",
  lon: "longitude",
  tags: "tags",
  thèmes: "tags",
  "mots-clés": "tags",
  site: "website",
  "site web": "website",
  "site internet": "website",
  communecter: "communecter",
  contact: "contact",
  email: "contact",
  courriel: "contact",
  type: "kind",
  nature: "kind",
  statut: "status",
  image: "ignore",
};

function fieldMapping(overrides: Record<string, string> = {}): Map<string, MediawikiField> {
  const mapping = new Map(Object.entries(DEFAULT_FIELDS).map(([param, field]) => [fold(param), field]));
  for (const [param, field] of Object.entries(overrides)) {
    if (!MEDIAWIKI_FIELDS.includes(field as MediawikiField))
      throw new ImportFileError({ key: "import.mediawikiField", params: { field } });
    mapping.set(fold(param), field as MediawikiField);
  }
  return mapping;
}

// ---------------------------------------------------------------------------------------------------
// From pages to commons records

/** "https://wiki.example/wiki/Accueil" → "https://wiki.example/wiki" (the base is the main page's URL). */
export function articleRoot(base: string): string {
  const query = /^(.*[?&]title=)/.exec(base);
  if (query?.[1]) return query[1];
  return base.replace(/[?#].*$/, "").replace(/\/[^/]*$/, "");
}

/** Content pages: the main namespace and the wiki's own even (non-talk) namespaces. */
function importable(ns: number): boolean {
  return ns === NS_MAIN || (ns >= 100 && ns % 2 === 0);
}

type ImportedRecord = Extract<ImportItem, { record: unknown }>["record"];

/** A commons page read before its template: the template's categories are added once it is known. */
interface Draft {
  title: string;
  call: TemplateCall;
  record: ImportedRecord;
  ownTags: string[];
}

interface Fields {
  text: Partial<Record<MediawikiField, string>>;
  tags: string[];
  links: LinkInput[];
  description: string;
}

class CommonsPages {
  private template: string | null = null;
  private readonly waiting: Draft[] = [];
  private readonly imported = new Set<string>();
  private readonly redirects: { title: string; target: string }[] = [];

  constructor(
    private readonly options: MediawikiOptions,
    private readonly mapping: Map<string, MediawikiField>,
  ) {}

  *read(page: Page, site: Site): Generator<ImportItem> {
    const text = page.latest?.text ?? "";
    const { namespaces } = site;
    if (page.ns === NS_TEMPLATE && this.isTemplate(page.title, site)) {
      this.template = text;
      for (const draft of this.waiting.splice(0)) yield this.complete(draft, site);
      return;
    }
    const redirect = page.redirect ?? redirectTarget(text)?.title;
    if (redirect) {
      yield* this.redirect(page.title, namespaces.normalize(redirect));
      return;
    }
    if (!importable(page.ns)) return;
    const calls = callsOf(text, this.options.template, namespaces);
    if (calls.length === 0 || !page.latest) return;
    const draft = this.draft(page.title, page.latest, calls, site);
    this.imported.add(namespaces.normalize(page.title));
    if (this.template === null) this.waiting.push(draft);
    else yield this.complete(draft, site);
  }

  /** What is still waiting at the end of the file: pages whose template never came, redirects. */
  *finish(site: Site): Generator<ImportItem> {
    for (const draft of this.waiting.splice(0)) yield this.complete(draft, site);
    for (const { title, target } of this.redirects.splice(0))
      if (this.imported.has(target)) yield this.skipped(title, target);
  }

  private isTemplate(title: string, site: Site): boolean {
    return templateKey(title, site.namespaces) === templateKey(this.options.template, site.namespaces);
  }

  /** Only redirects to an imported commons are reported: the others say nothing about the import. */
  private *redirect(title: string, target: string): Generator<ImportItem> {
    if (this.imported.has(target)) yield this.skipped(title, target);
    else this.redirects.push({ title, target });
  }

  private skipped(title: string, target: string): ImportItem {
    return { at: title, skipped: { key: "import.redirect", params: { target } } };
  }

  private complete(draft: Draft, site: Site): ImportItem {
    const context = { title: draft.title, namespaces: site.namespaces };
    const added = this.template === null ? [] : templateCategories(this.template, draft.call, context);
    return { at: draft.title, record: { ...draft.record, tags: cleanTags([...draft.ownTags, ...added]) } };
  }

  /** The record of a page calling the infobox (the first call gives the fields), all but its template's categories. */
  private draft(title: string, latest: Revision, calls: TemplateCall[], site: Site): Draft {
    const { namespaces } = site;
    const { text } = latest;
    const call = calls[0] as TemplateCall;
    const root = articleRoot(site.base);
    const wiki = { title, namespaces, ...(root ? { articleRoot: root } : {}) };
    const fields = this.fields(call, wiki);
    const body = wikitextToMarkdown(withoutCalls(text, calls), wiki);
    const record: ImportedRecord = {
      name: fields.text.name || namespaces.split(title).text,
      summary: fields.text.summary ?? "",
      description: [fields.description, body].filter((part) => part !== "").join("\n\n"),
      contact: fields.text.contact ?? "",
      tags: [],
      places: place(fields.text, latest.timestamp),
      links: fields.links,
      origin: { source: `mediawiki:${root || site.sitename}`, id: title, revision: latest.id },
    };
    const kind = kindOf(fields.text.kind);
    const status = statusOf(fields.text.status);
    if (kind !== undefined) record.kind = kind;
    if (status !== undefined) record.status = status;
    const ownTags = [...fields.tags, ...pageCategories(text, wiki)];
    return { title, call, record, ownTags };
  }

  private fields(call: TemplateCall, wiki: { title: string; namespaces: Namespaces }): Fields {
    const fields: Fields = { text: {}, tags: [], links: [], description: "" };
    for (const [param, value] of Object.entries(call.params)) {
      const field = this.mapping.get(fold(param));
      if (!field || field === "ignore") continue;
      if (field === "website" || field === "communecter") {
        const url = wikitextUrl(value, wiki);
        if (url) fields.links.push({ type: field, url, label: "" });
      } else if (field === "description") {
        fields.description ||= wikitextToMarkdown(value, wiki);
      } else if (field === "tags") {
        fields.tags.push(...wikitextToPlain(value, wiki).split(/[,;]/));
      } else if (!fields.text[field]) {
        fields.text[field] = field === "contact" ? contactOf(value, wiki) : wikitextToPlain(value, wiki);
      }
    }
    return fields;
  }
}

function contactOf(value: string, wiki: { title: string; namespaces: Namespaces }): string {
  const url = wikitextUrl(value, wiki);
  return url.startsWith("mailto:") ? url.slice("mailto:".length) : wikitextToPlain(value, wiki);
}

function place(text: Fields["text"], at: string): PlaceInput[] {
  const latitude = coordinateOf(text.latitude);
  const longitude = coordinateOf(text.longitude);
  const found = {
    street: text.street,
    postcode: text.postcode,
    commune: text.commune,
    inseeCode: text.inseeCode,
  };
  if (Object.values(found).every((v) => !v) && latitude === null && longitude === null) return [];
  return [
    {
      ...emptyPlace(),
      street: found.street ?? "",
      postcode: found.postcode ?? "",
      commune: found.commune ?? "",
      inseeCode: found.inseeCode ?? "",
      latitude,
      longitude,
      geo: latitude === null ? null : { source: "import", score: null, at },
    },
  ];
}

/**
 * Reads a MediaWiki XML export (schema 0.10 or 0.11, plain or gzipped) as a stream and yields the pages
 * that call the infobox `options.template` as commons records, and the redirects to them as skipped.
 */
export const importMediawiki: Importer<MediawikiOptions> = async function* (input, options) {
  const pages = new CommonsPages(options, fieldMapping(options.fields));
  const reader = new DumpReader();
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of bytes(input)) {
    reader.write(decoder.decode(chunk, { stream: true }));
    for (const page of reader.take()) yield* pages.read(page, reader.site);
  }
  reader.write(decoder.decode());
  reader.end();
  for (const page of reader.take()) yield* pages.read(page, reader.site);
  yield* pages.finish(reader.site);
};
