/**
 * Addresses to go back to after logging in, as an attacker would write them, and the property every
 * redirect must keep: it stays on this site.
 */
import fc from "fast-check";

const SITE = "https://communs.example";

/**
 * Whether a Location stays on this site for every reader: the browser (WHATWG URL, which drops tabs
 * and newlines and reads backslashes as slashes), and anything that percent-decodes it again first.
 */
export function staysOnSite(location: string): boolean {
  let reading = location;
  for (let round = 0; round < 4; round += 1) {
    const read = reading.replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
    if (!read.startsWith("/") || read.startsWith("//")) return false;
    if (new URL(read, SITE).origin !== SITE) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(reading);
    } catch {
      return true;
    }
    if (decoded === reading) return true;
    reading = decoded;
  }
  return true;
}

/** Pieces an attacker mixes: separators, dots and their encodings, whitespace, hosts and schemes. */
export const redirectPiece = fc.constantFrom(
  "/",
  "//",
  "\\",
  ".",
  "..",
  "%2e",
  "%2E",
  "%2e%2e",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%252e",
  "%252f",
  "%255c",
  "%09",
  "%0a",
  "%0d",
  "\t",
  "\n",
  "\r",
  " ",
  "%20",
  "@",
  ":",
  "?",
  "#",
  "&",
  "=",
  "evil.example",
  "communs.example",
  "http:",
  "https:",
  "javascript:",
  "espaces",
  "profil",
  "a",
  "é",
  "%e9",
  "%",
);

/** A `suite` as the server reads it (decoded once): a leading slash, most often, then any mix. */
export const redirectTarget = fc
  .tuple(fc.constantFrom("/", "/", "/", "", "\\", "//"), fc.array(redirectPiece, { maxLength: 12 }))
  .map(([start, pieces]) => start + pieces.join(""));
