/**
 * A space's wiki as MediaWiki models it: namespaces with their French names (and MediaWiki's canonical
 * English ones), titles normalized as MediaWiki stores them, revision hashes as its dumps write them.
 */
import { createHash } from "node:crypto";
import { Namespaces, NS_MAIN } from "./wikitext/titles.ts";

/** MediaWiki's French namespace names (MessagesFr.php), the project namespace named « Projet ». */
const FRENCH: readonly (readonly [number, string])[] = [
  [-2, "Média"],
  [-1, "Spécial"],
  [1, "Discussion"],
  [2, "Utilisateur"],
  [3, "Discussion utilisateur"],
  [4, "Projet"],
  [5, "Discussion Projet"],
  [6, "Fichier"],
  [7, "Discussion fichier"],
  [8, "MediaWiki"],
  [9, "Discussion MediaWiki"],
  [10, "Modèle"],
  [11, "Discussion modèle"],
  [12, "Aide"],
  [13, "Discussion aide"],
  [14, "Catégorie"],
  [15, "Discussion catégorie"],
];

const ALIASES: readonly (readonly [number, string])[] = [
  [1, "Discuter"],
  [2, "Utilisatrice"],
  [3, "Discussion utilisatrice"],
];

export const wikiNamespaces = new Namespaces(FRENCH, ALIASES);

/** The namespaces whose pages people write (MediaWiki's, as the issue lists them). */
export const CONTENT_NAMESPACES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 14, 15] as const;

export interface WikiTitle {
  ns: number;
  title: string;
}

/**
 * A title as a reader types it or as MediaWiki encodes it in URLs (`Catégorie:Communs_de_Lille`,
 * `Category:…`, percent-encoded or not), normalized; null when it names no page (empty, special,
 * too long, or with characters MediaWiki forbids in titles).
 */
export function parseTitle(raw: string, defaultNs = NS_MAIN): WikiTitle | null {
  let text = raw;
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return null;
    }
  }
  const { ns, text: title } = wikiNamespaces.split(text.split("#")[0] ?? "", defaultNs);
  if (title === "" || ns < 0 || title.length > 255) return null;
  if (/[<>[\]{}|#\uFFFD]|\p{Cc}/u.test(title)) return null;
  return { ns, title };
}

/** The full title as shown and linked: « Catégorie:Communs », « Accueil ». */
export function fullTitle(key: WikiTitle): string {
  const name = wikiNamespaces.name(key.ns);
  return name === "" ? key.title : `${name}:${key.title}`;
}

/** SHA-1 of the UTF-8 text in base 36, lower case, padded to 31 characters, as MediaWiki writes it. */
export function revisionSha1(text: string): string {
  return base36(createHash("sha1").update(text, "utf8").digest("hex"));
}

function base36(hex: string): string {
  return BigInt(`0x${hex}`).toString(36).padStart(31, "0");
}

/** A text's sha1 (as revisionSha1) and UTF-8 size from one encoding of it, for an import that checks both. */
export function revisionDigest(text: string): { sha1: string; size: number } {
  const bytes = Buffer.from(text, "utf8");
  return { sha1: base36(createHash("sha1").update(bytes).digest("hex")), size: bytes.length };
}

export function revisionSize(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The main page of every wiki, where the space's wiki link leads. */
export const MAIN_PAGE = "Accueil";
