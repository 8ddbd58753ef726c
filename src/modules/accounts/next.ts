/**
 * Where to go back to after logging in (`/connexion?suite=…`): only a path of this site, whatever the
 * encoding. The address is resolved as a browser would resolve it (WHATWG URL: percent-encoded dots,
 * dot segments, backslashes read as slashes, tabs and newlines dropped), and what comes out must still
 * be a same-origin path that no reader — the browser, a proxy that decodes once more — can take for
 * `//another.site`. Anything else gives "" (the caller goes to the home page).
 */
const HERE = "http://communs.invalid";

/** How many rounds of percent-decoding a proxy or a browser might still apply to the Location. */
const DECODINGS = 3;

function decodedOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A reading of `path` that leaves this site: protocol-relative, or resolved to another origin. */
function leavesSite(path: string): boolean {
  const read = path.replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
  if (!read.startsWith("/") || read.startsWith("//")) return true;
  try {
    return new URL(read, HERE).origin !== HERE;
  } catch {
    return true;
  }
}

export function safeNext(raw: unknown): string {
  // Control characters and backslashes are refused outright: nobody types them in a link of ours.
  if (typeof raw !== "string" || !raw.startsWith("/") || /[\p{Cc}\\]/u.test(raw)) return "";
  let url: URL;
  try {
    url = new URL(raw, HERE);
  } catch {
    return "";
  }
  if (url.origin !== HERE) return "";
  const next = url.pathname + url.search + url.hash;
  // `/%2e%2e//evil.example` resolves to the path `//evil.example`: same origin here, another site once
  // sent as a Location. Every reading of the result, decoded or not, must stay on this site.
  let reading = url.pathname;
  for (let round = 0; round <= DECODINGS; round += 1) {
    if (leavesSite(reading)) return "";
    const decoded = decodedOnce(reading);
    if (decoded === reading) break;
    reading = decoded;
  }
  return next;
}
