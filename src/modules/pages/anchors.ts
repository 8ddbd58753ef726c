/**
 * Heading anchors as MediaWiki 1.39 writes them with `$wgFragmentMode = ['html5', 'legacy']`: the
 * heading's text with spaces as `_` (html5), plus the old percent-then-dot form older links used.
 */

/** MediaWiki's Sanitizer::normalizeSectionNameWhitespace: runs of spaces and `_` are one space. */
export function sectionName(text: string): string {
  return text.replace(/[ _]+/g, " ").trim();
}

/** The html5 anchor: `14h05 : Ateliers` → `14h05_:_Ateliers`. */
export function anchorOf(text: string): string {
  return sectionName(text).replace(/[\t\n\f\r ]/g, "_");
}

/** PHP's urlencode: everything but letters, digits and `-_.` is %XX, space is `+`. */
function phpUrlencode(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.-]/.test(char)) out += char;
    else if (byte === 0x20) out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The legacy anchor: `Paramètres` → `Param.C3.A8tres`. */
export function legacyAnchorOf(text: string): string {
  return phpUrlencode(sectionName(text).replace(/ /g, "_")).replace(/%3A/g, ":").replace(/%/g, ".");
}

/**
 * The anchors of one page: a heading whose anchor is taken (ASCII case aside, as PHP's strtolower)
 * gets `_2`, `_3`…
 */
export class Anchors {
  private readonly taken = new Set<string>();

  next(text: string): string {
    const anchor = anchorOf(text);
    const key = anchor.replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (!this.taken.has(key)) {
      this.taken.add(key);
      return anchor;
    }
    let i = 2;
    while (this.taken.has(`${key}_${i}`)) i++;
    this.taken.add(`${key}_${i}`);
    return `${anchor}_${i}`;
  }
}
