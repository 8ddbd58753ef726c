/** A page's text: extension tags set aside (notes, code, literals), templates removed. */

import { decodeEntities } from "./entities.ts";
import { expand, type Frame, pageFrame } from "./expand.ts";
import { escapeLineStart, escapeMarkdown, type InlineContext, inline } from "./inline.ts";
import { type ExtensionNode, preprocess, type WikiNode } from "./preprocess.ts";
import { type Namespaces, oneSpace } from "./titles.ts";

type Slot =
  | { kind: "literal"; text: string }
  | { kind: "block"; text: string }
  | { kind: "note"; number: number }
  | { kind: "references" };

const LITERAL_TAGS = new Set(["nowiki", "math", "chem", "ce", "hiero", "score", "timeline", "graph"]);
const BLOCK_TAGS = new Set(["pre", "source", "syntaxhighlight"]);
const DROPPED_TAGS = new Set(
  (
    "gallery templatedata templatestyles categorytree indicator section charinsert inputbox imagemap " +
    "mapframe maplink"
  ).split(" "),
);

function attribute(attributes: string, name: string): string | null {
  const found = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s/>]+))`, "i").exec(attributes);
  return found ? oneSpace(found[1] ?? found[2] ?? found[3] ?? "") : null;
}

export class PageText {
  readonly slots: Slot[] = [];
  /** Footnotes in the order they were first cited, wikitext. */
  readonly notes: string[] = [];
  private readonly noteNumbers = new Map<string, number>();
  private readonly definitions = new Map<string, string>();
  referencesPlaced = false;
  private readonly frame: Frame;

  constructor(title: string, namespaces: Namespaces) {
    this.frame = pageFrame(title, namespaces, (node) => this.extension(node));
  }

  flatten(text: string): string {
    const nodes = preprocess(text, "page");
    this.collectDefinitions(nodes);
    return expand(nodes, this.frame);
  }

  private collectDefinitions(nodes: readonly WikiNode[]): void {
    for (const node of nodes) {
      if (typeof node === "string" || node.type !== "extension" || node.name !== "ref") continue;
      const name = attribute(node.attributes, "name");
      if (name && node.inner?.trim() && !this.definitions.has(name)) this.definitions.set(name, node.inner);
    }
  }

  private placeholder(slot: Slot, block = false): string {
    this.slots.push(slot);
    const mark = `\uE000${this.slots.length - 1}\uE001`;
    return block ? `\n${mark}\n` : mark;
  }

  private extension(node: ExtensionNode): string {
    const inner = node.inner ?? "";
    if (node.name === "ref") return this.note(node);
    if (node.name === "references") return this.placeholder({ kind: "references" }, true);
    if (node.name === "poem") return inner;
    if (BLOCK_TAGS.has(node.name))
      return this.placeholder({ kind: "block", text: decodeEntities(inner.replace(/^\n+|\s+$/g, "")) }, true);
    if (LITERAL_TAGS.has(node.name))
      return this.placeholder({ kind: "literal", text: decodeEntities(inner) });
    if (DROPPED_TAGS.has(node.name)) return "";
    return this.placeholder({ kind: "literal", text: inner });
  }

  private note(node: ExtensionNode): string {
    const name = attribute(node.attributes, "name");
    const known = name ? this.noteNumbers.get(name) : undefined;
    if (known !== undefined) return this.placeholder({ kind: "note", number: known });
    const content = name ? (this.definitions.get(name) ?? node.inner ?? "") : (node.inner ?? "");
    this.notes.push("");
    const number = this.notes.length;
    this.notes[number - 1] = oneSpace(expand(preprocess(content, "page"), this.frame));
    if (name) this.noteNumbers.set(name, number);
    return this.placeholder({ kind: "note", number });
  }

  noteList(context: InlineContext): string {
    return this.notes.map((note, k) => `${k + 1}. ${escapeLineStart(inline(note, context))}`).join("\n");
  }

  slotText(index: number, context: InlineContext): string {
    const slot = this.slots[index];
    if (!slot) return "";
    if (slot.kind === "note") return context.output === "plain" ? "" : `\\[${slot.number}\\]`;
    if (slot.kind === "references") return "";
    const text = slot.kind === "block" ? oneSpace(slot.text) : slot.text;
    return context.output === "plain" ? text : escapeMarkdown(text);
  }
}
