import { pipeline, type Readable } from "node:stream";
import Assembler from "stream-json/assembler.js";
import parser, { type Token } from "stream-json/parser.js";
import {
  type CommonsInput,
  type CommonsStatus,
  fold,
  GEO_SOURCES,
  type GeoProvenance,
  type GeoSource,
  LIMITS,
  LINK_TYPES,
  type LinkInput,
  type LinkType,
  type OriginInput,
  type PlaceInput,
} from "../../../core/commons.ts";
import { slugify } from "../../../core/spaces.ts";
import { oneLine } from "../../../core/text.ts";
import { ImportFileError, type ImportItem, type ImportMessage } from "./types.ts";

/**
 * What every format shares: the names people give to columns and properties, status words, the origin
 * rule, list cells, places, links, and the streaming of JSON items.
 */

/** A record as read from a file, before its origin is settled. */
export type Draft = Partial<CommonsInput>;

export type RecordField =
  | "id"
  | "slug"
  | "name"
  | "summary"
  | "description"
  | "kind"
  | "status"
  | "contact"
  | "tags"
  | "links"
  | "website"
  | "originSource"
  | "originId"
  | "originRevision";

export type PlaceField =
  | "label"
  | "street"
  | "postcode"
  | "commune"
  | "inseeCode"
  | "country"
  | "latitude"
  | "longitude"
  | "coarse"
  | "geoSource"
  | "geoScore"
  | "geoAt";

export type Field = RecordField | PlaceField;
export type Fields = Partial<Record<Field, unknown>>;

const PLACE_FIELDS: ReadonlySet<string> = new Set<PlaceField>([
  "label",
  "street",
  "postcode",
  "commune",
  "inseeCode",
  "country",
  "latitude",
  "longitude",
  "coarse",
  "geoSource",
  "geoScore",
  "geoAt",
]);

export function isPlaceField(field: Field): field is PlaceField {
  return PLACE_FIELDS.has(field);
}

/** Column headers and property names people use, as `normaliseKey` gives them. */
const ALIASES: Record<Field, readonly string[]> = {
  id: ["id", "identifiant", "identifier", "uuid", "ref", "reference"],
  slug: ["slug"],
  name: ["nom", "name", "titre", "title", "intitule", "nom du commun", "denomination"],
  summary: ["resume", "summary", "description courte", "short description", "accroche"],
  description: ["description", "presentation", "texte", "description longue", "long description"],
  kind: ["type", "kind", "type de commun"],
  status: ["statut", "status", "etat", "state"],
  contact: [
    "contact",
    "email",
    "e mail",
    "mail",
    "courriel",
    "adresse mail",
    "adresse email",
    "adresse e mail",
    "telephone",
    "tel",
    "phone",
  ],
  tags: [
    "tags",
    "tag",
    "themes",
    "theme",
    "thematiques",
    "thematique",
    "mots cles",
    "mot cle",
    "mots clefs",
    "etiquettes",
    "etiquette",
    "keywords",
    "categories",
  ],
  links: ["liens", "links"],
  website: ["site", "site web", "site internet", "url", "website", "web", "lien", "link"],
  originSource: ["origine source", "origin source"],
  originId: ["origine id", "origin id"],
  originRevision: ["origine revision", "origin revision"],
  label: ["nom du lieu", "lieu", "place"],
  street: ["adresse", "rue", "street", "address", "voie", "street address", "adresse postale"],
  postcode: ["code postal", "cp", "postcode", "postal code", "zip", "zipcode", "zip code"],
  commune: ["ville", "commune", "city", "localite", "town", "locality", "address locality", "municipality"],
  inseeCode: ["insee", "code insee", "code commune insee", "citycode", "insee code"],
  country: ["pays", "country", "address country", "code pays", "country code"],
  latitude: ["latitude", "lat"],
  longitude: ["longitude", "lon", "lng", "long"],
  coarse: ["grossier", "coarse"],
  geoSource: ["source geo", "geo source"],
  geoScore: ["score geo", "geo score"],
  geoAt: ["date geo", "geo at", "geo date"],
};

const FIELD_BY_ALIAS: ReadonlyMap<string, Field> = new Map(
  (Object.entries(ALIASES) as [Field, readonly string[]][]).flatMap(([field, names]) =>
    names.map((name) => [name, field] as const),
  ),
);

/** "Code postal", "code_postal", "postalCode" and "CODE POSTAL" all become "code postal" / "postal code". */
export function normaliseKey(key: string): string {
  return fold(key.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2"));
}

/** The record field a column header or property name stands for, if any. */
export function fieldOf(key: string): Field | undefined {
  return FIELD_BY_ALIAS.get(normaliseKey(key));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON value that may be one value or a list of them, as a list. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A cell or property as text: strings as they are, numbers and booleans written out, the first of a list,
 * a JSON-LD `{"@value": …}`; anything else is empty. Looks one level deep only, whatever the nesting.
 */
export function textOf(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  const plain = isObject(first) && "@value" in first ? first["@value"] : first;
  if (typeof plain === "string") return plain;
  if (typeof plain === "number" || typeof plain === "boolean") return String(plain);
  return "";
}

function filled(value: unknown): boolean {
  return textOf(value).trim() !== "" || (Array.isArray(value) && value.length > 0);
}

/** Named values (columns, properties) gathered by field: the first filled value of each field wins. */
export function collectFields(entries: Iterable<readonly [string, unknown]>): Fields {
  const fields: Fields = {};
  for (const [key, value] of entries) {
    const field = fieldOf(key);
    if (field && fields[field] === undefined && filled(value)) fields[field] = value;
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------- status

/** The words an export writes for each status, in French for the people who read them. */
export const STATUS_LABELS: Record<CommonsStatus, string> = {
  active: "actif",
  dormant: "en sommeil",
  gone: "disparu",
};

const STATUS_WORDS: Record<string, CommonsStatus> = {
  active: "active",
  actif: "active",
  "en activite": "active",
  ouvert: "active",
  dormant: "dormant",
  "en sommeil": "dormant",
  sommeil: "dormant",
  "en pause": "dormant",
  inactif: "dormant",
  gone: "gone",
  disparu: "gone",
  disparue: "gone",
  ferme: "gone",
  fermee: "gone",
};

/**
 * A status from a code or a French word ("en sommeil"); empty gives none (the default applies). Any other
 * word is passed on as written, for `checkCommons` to name it.
 */
export function statusOf(value: unknown): CommonsStatus | undefined {
  const text = textOf(value).trim();
  if (text === "") return undefined;
  return STATUS_WORDS[fold(text)] ?? (text as CommonsStatus);
}

/** A kind slug as written, or made from a label someone typed ("Mobilité" → "mobilite"). */
export function kindOf(value: unknown): string | undefined {
  const text = textOf(value).trim();
  if (text === "") return undefined;
  return /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(text) ? text : slugify(text) || text;
}

// ---------------------------------------------------------------------------------------------- origin

/** The origin source of records read back from one of our own exports. */
export const OWN_SOURCE = "communs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Is this one of our record ids (a UUID)? */
export function isOwnId(id: string): boolean {
  return UUID.test(id.trim());
}

/** What a file says about where a record comes from. */
export interface OriginClues {
  source?: unknown;
  id?: unknown;
  revision?: unknown;
  /** The record's id in the file (a column, a property): ours or the other system's. */
  rowId?: unknown;
}

/**
 * The origin rule every importer follows: an origin stated in the file wins; else an id of ours (from
 * one of our exports) points back to our record; else the format and the file's id for the row, or its
 * folded name when it has none.
 */
export function originOf(format: string, clues: OriginClues, name: string): OriginInput {
  const source = oneLine(textOf(clues.source));
  const id = oneLine(textOf(clues.id));
  if (source !== "" && id !== "") {
    const revision = oneLine(textOf(clues.revision));
    return { source, id, revision: revision === "" ? null : revision };
  }
  const rowId = oneLine(textOf(clues.rowId));
  if (isOwnId(rowId)) return { source: OWN_SOURCE, id: rowId.toLowerCase(), revision: null };
  return { source: format, id: rowId || fold(name) || oneLine(name), revision: null };
}

/** The item for a record read from a file: invalid when it has no name, else the record with its origin. */
export function itemOf(at: string, format: string, draft: Draft, clues: OriginClues): ImportItem {
  const name = textOf(draft.name);
  if (oneLine(name) === "") return { at, invalid: { key: "import.nameMissing" } };
  return { at, record: { ...draft, origin: originOf(format, clues, name) } };
}

// ----------------------------------------------------------------------------------------------- lists

/**
 * Tags and links in one cell: "jardin | compost". A `|` or `\` inside an item is escaped with `\`; a
 * single item also escapes its commas, because a cell without `|` is split on commas (as people type
 * "jardin, compost" in spreadsheets).
 */
export function joinList(items: readonly string[]): string {
  const escaped = items.map((item) => item.replace(/[\\|]/g, "\\$&"));
  if (escaped.length === 1) return (escaped[0] as string).replace(/,/g, "\\,");
  return escaped.join(" | ");
}

/** The items of a list cell (see `joinList`), trimmed, empty ones dropped. */
export function splitList(cell: string): string[] {
  const hasPipe = /(^|[^\\])(\\\\)*\|/.test(cell);
  const separator = hasPipe ? "|" : ",";
  const items: string[] = [];
  let current = "";
  for (let i = 0; i < cell.length; i++) {
    const char = cell[i] as string;
    const next = cell[i + 1];
    if (char === "\\" && (next === "\\" || next === "|" || next === ",")) {
      current += next;
      i++;
    } else if (char === separator) {
      items.push(current);
      current = "";
    } else current += char;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** Tags from a list cell, an array of strings, or objects with a `name` (GoGoCarto, schema.org terms). */
export function tagsOf(value: unknown): string[] {
  if (typeof value === "string") return splitList(value);
  return listOf(value)
    .map((tag) => (isObject(tag) ? textOf(tag.name ?? tag["@value"]) : textOf(tag)))
    .filter((tag) => tag.trim() !== "");
}

// ----------------------------------------------------------------------------------------------- links

const SOCIAL_HOSTS =
  /(^|\.)(facebook|fb|instagram|twitter|x|linkedin|youtube|youtu|tiktok|bsky|threads|pinterest|flickr|vimeo)\.[a-z]+$/;

/** The kind of link a URL looks like, or `fallback`. */
export function linkTypeOf(url: string, fallback: LinkType): LinkType {
  let host: string;
  let path: string;
  try {
    const parsed = new URL(url.trim());
    host = parsed.hostname.toLowerCase();
    path = parsed.pathname;
  } catch {
    return fallback;
  }
  if (host.includes("communecter")) return "communecter";
  if (SOCIAL_HOSTS.test(host) || /mastodon|mstdn|framapiaf|peertube|pixelfed/.test(host)) return "social";
  if (host.includes("wiki") || path.startsWith("/wiki/")) return "wiki";
  return fallback;
}

export function linkOf(url: string, label: string, type: unknown, fallback: LinkType): LinkInput {
  const known = LINK_TYPES.find((t) => t === textOf(type).trim());
  return { type: known ?? linkTypeOf(url, fallback), url: url.trim(), label: label.trim() };
}

/** A link as one list item: "type url label", the URL without spaces. */
export function linkText(link: LinkInput): string {
  return [link.type, link.url.replace(/ /g, "%20"), link.label].filter((part) => part !== "").join(" ");
}

/** "website https://… Notre site", or a bare "https://… label" typed by someone. */
function linkFromText(text: string, fallback: LinkType): LinkInput {
  const [first = "", second = "", ...rest] = text.trim().split(/\s+/);
  if (LINK_TYPES.includes(first as LinkType) && second !== "")
    return linkOf(second, rest.join(" "), first, fallback);
  return linkOf(first, [second, ...rest].join(" "), undefined, fallback);
}

/** Links from a list cell, strings, or objects (`url`/`href`/`value`, `label`/`name`, `type`). */
export function linksOf(value: unknown, fallback: LinkType): LinkInput[] {
  if (typeof value === "string") return splitList(value).map((entry) => linkFromText(entry, fallback));
  return listOf(value).flatMap((link) => {
    if (typeof link === "string") return link.trim() === "" ? [] : [linkFromText(link, fallback)];
    if (!isObject(link)) return [];
    const url = textOf(link.url ?? link.href ?? link.value);
    return url.trim() === "" ? [] : [linkOf(url, textOf(link.label ?? link.name), link.type, fallback)];
  });
}

// --------------------------------------------------------------------------------------------- contact

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a contact is an e-mail address, a phone number or some other text. */
export function contactKind(contact: string): "email" | "phone" | "text" {
  if (EMAIL.test(contact)) return "email";
  if (/^\+?[\d\s.()/-]+$/.test(contact) && contact.replace(/\D/g, "").length >= 6) return "phone";
  return "text";
}

/** "mailto:a@b.fr" and "tel:+33…" as people mean them. */
export function contactText(value: unknown): string {
  return textOf(value)
    .trim()
    .replace(/^(mailto|tel):/i, "");
}

// ---------------------------------------------------------------------------------------------- places

/** A coordinate as a number when it reads as one ("50,63" too); other text is passed on for checking. */
export function coordinateOf(value: unknown): number | null {
  if (typeof value === "number") return value;
  const text = textOf(value).trim();
  if (text === "") return null;
  const number = Number(text.replace(",", "."));
  return (Number.isFinite(number) ? number : text) as number;
}

export function flagOf(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return ["oui", "yes", "true", "vrai", "1", "x"].includes(fold(textOf(value)));
}

/** Provenance of coordinates when the file states a known source and a date; none otherwise. */
export function geoOf(source: unknown, score: unknown, at: unknown): GeoProvenance | null {
  const known = GEO_SOURCES.find((s) => s === textOf(source).trim());
  const when = textOf(at).trim();
  if (!known || when === "" || Number.isNaN(Date.parse(when))) return null;
  const scoreText = textOf(score).trim().replace(",", ".");
  const number = scoreText === "" ? Number.NaN : Number(scoreText);
  return { source: known as GeoSource, score: Number.isFinite(number) ? number : null, at: when };
}

const COUNTRY_NAMES: Record<string, string> = {
  france: "FR",
  belgique: "BE",
  belgium: "BE",
  suisse: "CH",
  switzerland: "CH",
  luxembourg: "LU",
  espagne: "ES",
  spain: "ES",
  allemagne: "DE",
  germany: "DE",
  italie: "IT",
  italy: "IT",
};

/** An ISO country code, or the country as named ("France"), or empty. */
export function countryOf(value: unknown): string {
  const text = textOf(isObject(value) ? (value.name ?? value["@id"]) : value).trim();
  return COUNTRY_NAMES[fold(text)] ?? text;
}

export function placeOf(fields: Partial<Record<PlaceField, unknown>>): PlaceInput {
  return {
    label: textOf(fields.label),
    street: textOf(fields.street),
    postcode: textOf(fields.postcode),
    commune: textOf(fields.commune),
    inseeCode: textOf(fields.inseeCode),
    country: countryOf(fields.country),
    latitude: coordinateOf(fields.latitude),
    longitude: coordinateOf(fields.longitude),
    coarse: flagOf(fields.coarse),
    geo: geoOf(fields.geoSource, fields.geoScore, fields.geoAt),
  };
}

/** Does any of these values describe a place? */
export function hasPlace(fields: Partial<Record<PlaceField, unknown>>): boolean {
  return Object.values(fields).some(filled);
}

/** A place as our JSON exports write it (GeoJSON `places`, GoGoCarto `communs.places`, CSV `autres_lieux`). */
export function placeJson(place: PlaceInput) {
  return {
    label: place.label,
    street: place.street,
    postcode: place.postcode,
    commune: place.commune,
    inseeCode: place.inseeCode,
    country: place.country,
    latitude: place.latitude,
    longitude: place.longitude,
    coarse: place.coarse,
    geo: place.geo ?? null,
  };
}

/** A place read back from `placeJson`. */
export function placeFromJson(value: unknown): PlaceInput {
  const place = isObject(value) ? value : {};
  const geo = isObject(place.geo) ? place.geo : {};
  return placeOf({
    ...place,
    geoSource: geo.source,
    geoScore: geo.score,
    geoAt: geo.at,
  });
}

/**
 * Text that may be a summary, a description or both, from formats with a short and a long text: the
 * short one is the summary when it fits on one line of at most LIMITS.summary characters; a lone short
 * text is a summary too; anything longer goes to the description.
 */
export function summaryAndDescription(short: string, long: string): { summary: string; description: string } {
  const fits = (text: string) => !/[\r\n]/.test(text.trim()) && [...oneLine(text)].length <= LIMITS.summary;
  if (short.trim() === "" && fits(long)) return { summary: long, description: "" };
  if (fits(short)) return { summary: short, description: long };
  return { summary: "", description: [short, long].filter((text) => text.trim() !== "").join("\n\n") };
}

// --------------------------------------------------------------------------------------------- drafts

/**
 * A draft record from fields gathered by `collectFields` (a spreadsheet row, foreign properties). The
 * places are the given ones, or the one the place fields describe.
 */
export function draftOf(fields: Fields, places?: PlaceInput[]): { draft: Draft; clues: OriginClues } {
  const draft: Draft = {
    name: textOf(fields.name),
    summary: textOf(fields.summary),
    description: textOf(fields.description),
    contact: textOf(fields.contact),
    tags: tagsOf(fields.tags),
    links: [...linksOf(fields.links, "other"), ...linksOf(fields.website, "website")],
    places: places ?? (hasPlace(placeFields(fields)) ? [placeOf(placeFields(fields))] : []),
  };
  const slug = textOf(fields.slug).trim();
  if (slug !== "") draft.slug = slug;
  const kind = kindOf(fields.kind);
  if (kind !== undefined) draft.kind = kind;
  const status = statusOf(fields.status);
  if (status !== undefined) draft.status = status;
  const clues = {
    source: fields.originSource,
    id: fields.originId,
    revision: fields.originRevision,
    rowId: fields.id,
  };
  return { draft, clues };
}

export function placeFields(fields: Fields): Partial<Record<PlaceField, unknown>> {
  return Object.fromEntries(Object.entries(fields).filter(([field]) => PLACE_FIELDS.has(field)));
}

// ----------------------------------------------------------------------------------------------- JSON

/** One item of a JSON file: its value, its position (from 0), and whether it is the whole document. */
export interface JsonItem {
  value: unknown;
  index: number;
  root: boolean;
}

const JSON_INVALID: ImportMessage = { key: "import.jsonInvalid" };

/** The parser's tokens; a parse error becomes ImportFileError, an error of the input itself passes. */
async function* tokensOf(input: Readable): AsyncGenerator<Token> {
  const tokens = parser.asStream({ streamValues: false });
  let inputError: unknown = null;
  input.once("error", (error) => {
    inputError = error;
  });
  pipeline(input, tokens, () => {});
  try {
    for await (const token of tokens) yield token as Token;
  } catch {
    if (inputError) throw inputError;
    throw new ImportFileError(JSON_INVALID);
  }
}

/**
 * Streams the items of a JSON document, one assembled value at a time so that memory stays flat: the
 * elements of a top-level array, or of the first array found under one of `keys` in a top-level object
 * ("features", "@graph", "data"), or else the top-level object itself (`root: true`).
 */
export async function* jsonItems(input: Readable, keys: readonly string[]): AsyncGenerator<JsonItem> {
  const envelope = new Assembler();
  let item = new Assembler();
  let depth = 0;
  let itemsDepth: number | null = null;
  let itemsSeen = false;
  let key: string | null = null;
  let index = 0;
  for await (const token of tokensOf(input)) {
    const opens = token.name === "startObject" || token.name === "startArray";
    if (depth === 0 && !opens) throw new ImportFileError({ key: "import.jsonNotCollection" });
    if (token.name === "endObject" || token.name === "endArray") depth--;
    if (itemsDepth !== null && depth >= itemsDepth) {
      item.consume(token);
      if (item.done) {
        yield { value: item.current, index: index++, root: false };
        item = new Assembler();
      }
    } else {
      if (itemsDepth !== null && depth === itemsDepth - 1) itemsDepth = null;
      else if (
        token.name === "startArray" &&
        !itemsSeen &&
        (depth === 0 || (depth === 1 && keys.includes(key ?? "")))
      ) {
        itemsDepth = depth + 1;
        itemsSeen = true;
      }
      if (token.name === "keyValue" && depth === 1) key = token.value;
      envelope.consume(token);
    }
    if (opens) depth++;
  }
  if (!itemsSeen && isObject(envelope.current)) yield { value: envelope.current, index: 0, root: true };
}

/** Where an item of a JSON file is, for the import report. */
export function elementAt(index: number): string {
  return `élément ${index + 1}`;
}
