/**
 * The last guard on rendered HTML, whatever produced it: only known tags stay tags (the others are
 * shown as text), event handlers and unknown attributes go, and links and images may only point to
 * http(s), mailto, relative or in-page addresses. The renderers already escape text; this pass
 * makes a mistake in them, or in a library, harmless rather than exploitable.
 */

const TAGS = new Set(
  (
    "a abbr b bdi bdo big blockquote br caption center cite code col colgroup data dd del dfn div dl dt em " +
    "figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rb rp rt rtc ruby s samp " +
    "small span strike strong sub sup table tbody td tfoot th thead time tr tt u ul var wbr"
  ).split(" "),
);

const ATTRIBUTES = new Set(
  (
    "class id style title lang dir role align valign width height colspan rowspan scope abbr headers " +
    "href src alt rel start reversed type value cite datetime decoding loading typeof color face size " +
    "border cellpadding cellspacing bgcolor nowrap summary aria-labelledby aria-label aria-hidden"
  ).split(" "),
);

const SAFE_URL = /^(?:https?:|mailto:|ftp:|irc:|ircs:|news:|tel:|\/|#|\?|\.\/|\.\.\/|[^:/?#]*(?:[/?#]|$))/i;

function decodeEntities(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|colon|tab|newline);?/gi,
    (_, entity: string) => {
      const lower = entity.toLowerCase();
      if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 0xfffd);
      if (lower.startsWith("#")) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) || 0xfffd);
      const named: Record<string, string> = {
        amp: "&",
        lt: "<",
        gt: ">",
        quot: '"',
        apos: "'",
        colon: ":",
        tab: "\t",
        newline: "\n",
      };
      return named[lower] ?? "";
    },
  );
}

export function safeUrl(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these inside a scheme
  const plain = decodeEntities(value).replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  return SAFE_URL.test(plain);
}

function safeStyle(value: string): boolean {
  const plain = decodeEntities(value)
    .replace(/\\[0-9a-f]{1,6}\s?/gi, "?")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .toLowerCase();
  return !/expression|javascript:|vbscript:|url\s*\(|@import|behavior|-moz-binding|image-set|attr\s*\(/.test(
    plain,
  );
}

const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function cleanAttributes(source: string): string {
  let out = "";
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? "").toLowerCase();
    const value = match[2] ?? match[3] ?? match[4] ?? "";
    if (!ATTRIBUTES.has(name) && !name.startsWith("data-")) continue;
    if ((name === "href" || name === "src" || name === "cite") && !safeUrl(value)) continue;
    if (name === "style" && !safeStyle(value)) continue;
    const escaped = value
      .replace(/&(?![#a-zA-Z0-9]+;)/g, "&amp;")
      .replace(/"/g, "&quot;")
      .replace(/</g, "&lt;");
    out += ` ${name}="${escaped}"`;
  }
  return out;
}

/** The HTML with every tag checked: the result holds no script, handler, or dangerous address. */
export function sanitizeHtml(html: string): string {
  return html.replace(
    /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][^\s/>]*)([^>]*)>|<|>/g,
    (all, slash, tag, rest) => {
      if (all.startsWith("<!--")) return "";
      if (all === "<") return "&lt;";
      if (all === ">") return "&gt;";
      const name = String(tag).toLowerCase();
      if (!TAGS.has(name)) return all.replace(/</g, "&lt;").replace(/>/g, "&gt;");
      if (slash) return `</${name}>`;
      return `<${name}${cleanAttributes(String(rest).replace(/\/\s*$/, ""))}>`;
    },
  );
}
