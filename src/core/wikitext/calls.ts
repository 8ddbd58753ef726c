/** Template calls as the preprocessor reads them: which templates a page calls, with which parameters. */

import { nested, type Part, preprocess, source, type TemplateNode, type WikiNode } from "./preprocess.ts";
import { defaultNamespaces, type Namespaces, templateKey } from "./titles.ts";

export interface TemplateCall {
  /** The name as written (trimmed): "Fiche commun", "DEFAULTSORT:Rustine", ":Page transcluse". */
  name: string;
  /** Named parameters trimmed, positional ones ("1", "2"…) as written; raw wikitext. */
  params: Record<string, string>;
  /** Where the call sits in the text it was read from. */
  start: number;
  end: number;
}

function callOf(node: TemplateNode): TemplateCall {
  const params: Record<string, string> = {};
  let position = 1;
  for (const part of node.parts.slice(1)) {
    if (part.name) params[source(part.name).trim()] = source(part.nodes).trim();
    else params[String(position++)] = source(part.nodes);
  }
  const title = node.parts[0] as Part;
  return { name: source(title.nodes).trim(), params, start: node.start, end: node.end };
}

function collectCalls(nodes: readonly WikiNode[], calls: TemplateCall[]): void {
  nested(undefined, () => collectCallsOf(nodes, calls));
}

function collectCallsOf(nodes: readonly WikiNode[], calls: TemplateCall[]): void {
  for (const node of nodes) {
    if (typeof node === "string" || node.type === "extension") continue;
    if (node.type === "template") calls.push(callOf(node));
    for (const part of node.parts) {
      if (part.name) collectCalls(part.name, calls);
      collectCalls(part.nodes, calls);
    }
  }
}

/** Every template call of a page's wikitext, in reading order (nested calls after their parent). */
export function parseTemplateCalls(text: string): TemplateCall[] {
  const calls: TemplateCall[] = [];
  collectCalls(preprocess(text, "page"), calls);
  return calls;
}

/** The calls of one template, names compared as MediaWiki does (first letter, `_`, namespace prefix). */
export function callsOf(
  text: string,
  template: string,
  namespaces: Namespaces = defaultNamespaces,
): TemplateCall[] {
  const key = templateKey(template, namespaces);
  return parseTemplateCalls(text).filter((call) => templateKey(call.name, namespaces) === key);
}

/** The text without the given calls (the infobox), for the page's description. */
export function withoutCalls(text: string, calls: readonly TemplateCall[]): string {
  let out = "";
  let at = 0;
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    if (call.start < at) continue;
    out += text.slice(at, call.start);
    at = call.end;
  }
  return out + text.slice(at);
}
