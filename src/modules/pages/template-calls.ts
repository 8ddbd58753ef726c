/**
 * The template calls written in a page, as MediaWiki's preprocessor sees them (every `{{…}}` of the
 * page itself, nested ones too, parser functions and variables included, not those inside extension
 * tags such as `<ref>` or `<pre>`, nor inside `<includeonly>`): the name as written, trimmed, and the
 * parameters raw, trimmed, positional ones numbered from 1.
 */
import Parser from "wikiparser-node";

export interface TemplateCall {
  name: string;
  params: Record<string, string>;
}

interface Node {
  type: string;
  anon?: boolean;
  childNodes: Node[];
  firstChild?: Node;
  lastChild?: Node;
  toString(): string;
}

function call(node: Node, magic: boolean): TemplateCall {
  const raw = node.toString().slice(2, -2);
  const parts = node.childNodes.slice(1).filter((child) => child.type === "parameter");
  // A parser function's first argument is part of its name, as `DEFAULTSORT:key` or `#if:test`.
  const params = magic ? parts.slice(1) : parts;
  const tail = params.reduce((length, part) => length + 1 + part.toString().length, 0);
  const result: TemplateCall = { name: raw.slice(0, raw.length - tail).trim(), params: {} };
  let index = 0;
  for (const part of params) {
    const value = (part.lastChild ?? part).toString().trim();
    if (part.anon) {
      index++;
      result.params[String(index)] = value;
    } else {
      result.params[(part.firstChild ?? part).toString().trim()] = value;
    }
  }
  return result;
}

export function templateCalls(text: string): TemplateCall[] {
  Parser.warning = false;
  // Stage 2 of the library's parse finds the templates; links, tables and lists are not needed here.
  const root = Parser.parse(text, false, 2) as unknown as Node;
  const calls: TemplateCall[] = [];
  const walk = (node: Node): void => {
    if (node.type === "ext") return;
    if (node.type === "template") calls.push(call(node, false));
    else if (node.type === "magic-word") calls.push(call(node, true));
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(root);
  return calls;
}
