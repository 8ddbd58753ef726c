/** Namespaces and titles as MediaWiki normalizes them, and the URLs of a wiki's pages. */

/** Names MediaWiki accepts in every language besides the localized ones (canonical names and "Image"). */
const CANONICAL_NAMESPACES: readonly (readonly [number, string])[] = [
  [-2, "Media"],
  [-1, "Special"],
  [1, "Talk"],
  [2, "User"],
  [3, "User talk"],
  [4, "Project"],
  [5, "Project talk"],
  [6, "File"],
  [6, "Image"],
  [7, "File talk"],
  [7, "Image talk"],
  [8, "MediaWiki"],
  [9, "MediaWiki talk"],
  [10, "Template"],
  [11, "Template talk"],
  [12, "Help"],
  [13, "Help talk"],
  [14, "Category"],
  [15, "Category talk"],
];

export const NS_MAIN = 0;
export const NS_FILE = 6;
export const NS_TEMPLATE = 10;
export const NS_CATEGORY = 14;

/** A title's spacing: `_` is a space, runs of spaces are one. */
export function spaced(text: string): string {
  return text.replace(/[_\s]+/g, " ").trim();
}

export function oneSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function namespaceKey(name: string): string {
  return spaced(name).toLowerCase();
}

/** A wiki's namespaces: localized names (from siteinfo), aliases, and MediaWiki's canonical names. */
export class Namespaces {
  private readonly byKey = new Map<string, number>();
  private readonly names = new Map<number, string>();

  constructor(
    localized: Iterable<readonly [number, string]> = [],
    aliases: Iterable<readonly [number, string]> = [],
    /** siteinfo `<case>`: "first-letter" (almost every wiki) or "case-sensitive". */
    readonly titleCase: string = "first-letter",
  ) {
    for (const [ns, name] of CANONICAL_NAMESPACES) this.add(ns, name);
    for (const [ns, name] of aliases) this.add(ns, name);
    for (const [ns, name] of localized) {
      this.names.set(ns, spaced(name));
      this.add(ns, name);
    }
  }

  private add(ns: number, name: string): void {
    if (spaced(name) !== "") this.byKey.set(namespaceKey(name), ns);
  }

  /** The number of the namespace a prefix names ("Catégorie", "category", "Modèle"), if any. */
  number(prefix: string): number | undefined {
    return this.byKey.get(namespaceKey(prefix));
  }

  /** Every prefix this wiki accepts (lower case, spaced) with its namespace number. */
  prefixes(): [string, number][] {
    return [...this.byKey];
  }

  /** The localized name of a namespace, "" for the main one. */
  name(ns: number): string {
    return this.names.get(ns) ?? CANONICAL_NAMESPACES.find(([n]) => n === ns)?.[1] ?? "";
  }

  /** A title's namespace and its text without the prefix, normalized as MediaWiki stores it. */
  split(title: string, defaultNs = NS_MAIN): { ns: number; text: string } {
    let rest = spaced(title);
    let ns = defaultNs;
    if (rest.startsWith(":")) {
      rest = spaced(rest.slice(1));
      ns = NS_MAIN;
    }
    const colon = rest.indexOf(":");
    const prefixed = colon > 0 ? this.number(rest.slice(0, colon)) : undefined;
    if (prefixed !== undefined) {
      ns = prefixed;
      rest = spaced(rest.slice(colon + 1));
    }
    return { ns, text: this.titleCase === "case-sensitive" ? rest : upperFirst(rest) };
  }

  /** The full title as MediaWiki writes it ("Modèle:Fiche commun"), fragment dropped. */
  normalize(title: string, defaultNs = NS_MAIN): string {
    const { ns, text } = this.split(title.split("#")[0] ?? "", defaultNs);
    const name = this.name(ns);
    return name === "" ? text : `${name}:${text}`;
  }
}

export function upperFirst(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toUpperCase() + text.slice(char.length);
}

export const defaultNamespaces = new Namespaces();

/**
 * The key under which MediaWiki finds the template a call names: `{{fiche_commun}}`,
 * `{{Modèle:Fiche commun}}` and `{{Template:Fiche commun}}` share one.
 */
export function templateKey(name: string, namespaces: Namespaces = defaultNamespaces): string {
  const bare = name.replace(/^\s*(?:safesubst|subst|msgnw|msg)\s*:/i, "");
  return namespaces.normalize(bare, NS_TEMPLATE);
}

/** A page's URL as MediaWiki writes it: `_` for spaces, percent-encoding but for `:/;@$!*(),~`. */
export function pageUrl(articleRoot: string, title: string, fragment?: string | null): string {
  const anchor = fragment ? `#${urlEncode(fragment)}` : "";
  return `${articleRoot.replace(/\/+$/, "")}/${urlEncode(title)}${anchor}`;
}

function urlEncode(text: string): string {
  return encodeURIComponent(spaced(text).replace(/ /g, "_"))
    .replace(/'/g, "%27")
    .replace(/%(3A|2F|3B|40|24|2C)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
