/** MediaWiki's preprocessor: brace matching, with `[[…]]` protecting pipes and extension tags kept opaque. */

export type WikiNode = string | TemplateNode | ArgumentNode | ExtensionNode;
export interface Part {
  /** What stands before the part's first `=` when it has one (a named parameter). */
  name: WikiNode[] | null;
  nodes: WikiNode[];
}
export interface TemplateNode {
  type: "template";
  parts: Part[];
  start: number;
  end: number;
}
export interface ArgumentNode {
  type: "argument";
  parts: Part[];
}
export interface ExtensionNode {
  type: "extension";
  name: string;
  attributes: string;
  inner: string | null;
  source: string;
}
interface Piece {
  open: "{" | "[";
  count: number;
  start: number;
  parts: Part[];
}

/** Tags whose content the preprocessor leaves alone (core and common extensions). */
const EXTENSION_TAGS = new Set(
  (
    "nowiki pre ref references gallery math chem ce source syntaxhighlight poem templatedata " +
    "templatestyles score timeline imagemap categorytree indicator section charinsert inputbox hiero " +
    "graph mapframe maplink"
  ).split(" "),
);
const RULES = {
  "{": { close: "}", names: new Set([2, 3]), min: 2, max: 3 },
  "[": { close: "]", names: new Set([2]), min: 2, max: 2 },
} as const;
const TAG = /<(\/?)([A-Za-z][\w-]*)([^>]{0,1000}?)(\/?)>/y;
const SPECIAL = /[{}[\]|=<]/g;

/** Keeps only `<onlyinclude>` sections when a template has some, as transclusion does. */
function onlyIncluded(text: string): string {
  const sections = [...text.matchAll(/<onlyinclude>([\s\S]*?)(?:<\/onlyinclude>|$)/gi)];
  return sections.length === 0 ? text : sections.map((m) => m[1]).join("");
}

function append(nodes: WikiNode[], node: WikiNode): void {
  const last = nodes.length - 1;
  if (typeof node === "string" && typeof nodes[last] === "string") nodes[last] += node;
  else if (node !== "") nodes.push(node);
}

function broken(piece: Piece, count: number): WikiNode[] {
  const nodes: WikiNode[] = [piece.open.repeat(count)];
  piece.parts.forEach((part, k) => {
    if (k > 0) nodes.push("|");
    if (part.name) nodes.push(...part.name, "=");
    nodes.push(...part.nodes);
  });
  return nodes;
}

class Preprocessor {
  private readonly root: WikiNode[] = [];
  private readonly stack: Piece[] = [];
  private readonly unclosed = new Map<string, number>();
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly mode: "page" | "transclusion",
  ) {}

  run(): WikiNode[] {
    const { text } = this;
    while (this.i < text.length) {
      SPECIAL.lastIndex = this.i;
      const found = SPECIAL.exec(text);
      const next = found ? found.index : text.length;
      if (next > this.i) this.add(text.slice(this.i, next));
      this.i = next;
      if (found) this.special(found[0]);
    }
    while (this.stack.length > 0) {
      const piece = this.stack.pop() as Piece;
      for (const node of broken(piece, piece.count)) this.add(node);
    }
    return this.root;
  }

  private get accumulator(): WikiNode[] {
    const top = this.stack.at(-1);
    return top ? (top.parts.at(-1) as Part).nodes : this.root;
  }

  private add(node: WikiNode): void {
    append(this.accumulator, node);
  }

  private special(char: string): void {
    if (char === "<") this.tag();
    else if (char === "{" || char === "[") this.open(char);
    else if (char === "}" || char === "]") this.close(char);
    else if (char === "|") this.pipe();
    else this.equals();
  }

  private runLength(char: string, max = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < max && this.text[this.i + n] === char) n++;
    return n;
  }

  private open(char: "{" | "["): void {
    const count = this.runLength(char);
    if (count >= RULES[char].min) {
      this.stack.push({ open: char, count, start: this.i, parts: [{ name: null, nodes: [] }] });
    } else this.add(char.repeat(count));
    this.i += count;
  }

  private close(char: string): void {
    const top = this.stack.at(-1);
    if (!top || RULES[top.open].close !== char) {
      this.add(char);
      this.i++;
      return;
    }
    const rule = RULES[top.open];
    const count = this.runLength(char, top.count);
    let matching = Math.min(count, rule.max);
    while (matching > 0 && !(rule.names as ReadonlySet<number>).has(matching)) matching--;
    if (matching <= 0) {
      this.add(char.repeat(count));
      this.i += count;
      return;
    }
    const end = this.i + matching;
    const start = top.start + top.count - matching;
    const element: WikiNode[] =
      top.open === "["
        ? [...broken(top, matching), char.repeat(matching)]
        : [
            matching === 3
              ? { type: "argument", parts: top.parts }
              : { type: "template", parts: top.parts, start, end },
          ];
    this.stack.pop();
    this.i = end;
    const remaining = top.count - matching;
    if (remaining >= rule.min) {
      this.stack.push({
        open: top.open,
        count: remaining,
        start: top.start,
        parts: [{ name: null, nodes: [] }],
      });
    } else if (remaining > 0) this.add(top.open.repeat(remaining));
    for (const node of element) this.add(node);
  }

  private pipe(): void {
    const top = this.stack.at(-1);
    if (top) top.parts.push({ name: null, nodes: [] });
    else this.add("|");
    this.i++;
  }

  private equals(): void {
    const top = this.stack.at(-1);
    const part = top?.parts.at(-1);
    const lineStart = this.i === 0 || this.text[this.i - 1] === "\n";
    if (top?.open === "{" && part && top.parts.length > 1 && part.name === null && !lineStart) {
      part.name = part.nodes;
      part.nodes = [];
    } else this.add("=");
    this.i++;
  }

  private tag(): void {
    const { text } = this;
    if (text.startsWith("<!--", this.i)) {
      const end = text.indexOf("-->", this.i + 4);
      const after = end < 0 ? text.length : end + 3;
      // A comment alone on its line takes its line break with it, as in MediaWiki.
      const alone = (this.i === 0 || text[this.i - 1] === "\n") && text[after] === "\n";
      this.i = alone ? after + 1 : after;
      return;
    }
    TAG.lastIndex = this.i;
    const tag = TAG.exec(text);
    const name = tag?.[2]?.toLowerCase() ?? "";
    if (tag && (name === "includeonly" || name === "noinclude" || name === "onlyinclude")) {
      this.inclusionTag(name, tag);
    } else if (tag && tag[1] === "" && EXTENSION_TAGS.has(name)) {
      this.extension(name, tag);
    } else {
      this.add("<");
      this.i++;
    }
  }

  private inclusionTag(name: string, tag: RegExpExecArray): void {
    const hidden = this.mode === "page" ? "includeonly" : "noinclude";
    const after = this.i + tag[0].length;
    if (name === hidden && tag[1] === "" && tag[4] === "") {
      const found = this.closingTag(name, after);
      this.i = found ? found.index + found[0].length : this.text.length;
    } else this.i = after;
  }

  /** Where `</name>` is after a position; remembers a failed search so that unclosed tags stay linear. */
  private closingTag(name: string, after: number): RegExpExecArray | null {
    if (after >= (this.unclosed.get(name) ?? Number.POSITIVE_INFINITY)) return null;
    const close = new RegExp(`</${name}\\s*>`, "ig");
    close.lastIndex = after;
    const found = close.exec(this.text);
    if (!found) this.unclosed.set(name, Math.min(after, this.unclosed.get(name) ?? after));
    return found;
  }

  private extension(name: string, tag: RegExpExecArray): void {
    const after = this.i + tag[0].length;
    const attributes = tag[3] ?? "";
    if (tag[4] === "/") {
      this.add({ type: "extension", name, attributes, inner: null, source: tag[0] });
      this.i = after;
      return;
    }
    const found = this.closingTag(name, after);
    if (!found) {
      this.add("<");
      this.i++;
      return;
    }
    const end = found.index + found[0].length;
    const inner = this.text.slice(after, found.index);
    this.add({ type: "extension", name, attributes, inner, source: this.text.slice(this.i, end) });
    this.i = end;
  }
}

/** Wikitext as MediaWiki's preprocessor sees it, for a page read as itself or transcluded. */
export function preprocess(text: string, mode: "page" | "transclusion" = "page"): WikiNode[] {
  return new Preprocessor(mode === "transclusion" ? onlyIncluded(text) : text, mode).run();
}

/** Deeper nesting than this is not read (MediaWiki stops expanding far earlier); keeps the stack safe. */
const MAX_NESTING = 200;
let nesting = 0;

export function nested<T>(fallback: T, step: () => T): T {
  if (nesting >= MAX_NESTING) return fallback;
  nesting++;
  try {
    return step();
  } finally {
    nesting--;
  }
}

/** Writes nodes back as wikitext (comments, which the preprocessor drops, are gone). */
export function source(nodes: readonly WikiNode[]): string {
  return nested("", () => sourceOf(nodes));
}

function sourceOf(nodes: readonly WikiNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (typeof node === "string") out += node;
    else if (node.type === "extension") out += node.source;
    else {
      const braces = node.type === "template" ? 2 : 3;
      out += `${"{".repeat(braces)}${node.parts.map(partSource).join("|")}${"}".repeat(braces)}`;
    }
  }
  return out;
}

function partSource(part: Part): string {
  return part.name ? `${source(part.name)}=${source(part.nodes)}` : source(part.nodes);
}
