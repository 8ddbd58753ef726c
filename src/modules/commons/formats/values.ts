import {
  type CommonsStatus,
  fold,
  GEO_SOURCES,
  type GeoProvenance,
  type GeoSource,
  LINK_TYPES,
  type LinkInput,
  type LinkType,
} from "../../../core/commons.ts";
import { slugify } from "../../../core/spaces.ts";

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
