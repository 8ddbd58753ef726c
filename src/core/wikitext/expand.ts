/** Template expansion: just enough to see the categories a template adds. */

import type { TemplateCall } from "./calls.ts";
import {
  type ArgumentNode,
  type ExtensionNode,
  nested,
  type Part,
  preprocess,
  type TemplateNode,
  type WikiNode,
} from "./preprocess.ts";
import { defaultNamespaces, type Namespaces, NS_CATEGORY, upperFirst } from "./titles.ts";

export interface Frame {
  /** Full title of the page being rendered. */
  title: string;
  namespaces: Namespaces;
  /** The call's parameters, or null when rendering the page itself. */
  args: ReadonlyMap<string, string> | null;
  /** What an extension tag becomes (dropped for categories, a placeholder for Markdown). */
  extension: (node: ExtensionNode) => string;
}

export function expand(nodes: readonly WikiNode[], frame: Frame): string {
  return nested("", () => expandOf(nodes, frame));
}

function expandOf(nodes: readonly WikiNode[], frame: Frame): string {
  let out = "";
  for (const node of nodes) {
    if (typeof node === "string") out += node;
    else if (node.type === "extension") out += frame.extension(node);
    else if (node.type === "argument") out += expandArgument(node, frame);
    else out += expandTemplate(node, frame);
  }
  return out;
}

function expandPart(part: Part | undefined, frame: Frame): string {
  if (!part) return "";
  return part.name ? `${expand(part.name, frame)}=${expand(part.nodes, frame)}` : expand(part.nodes, frame);
}

function expandArgument(node: ArgumentNode, frame: Frame): string {
  const name = expand((node.parts[0] as Part).nodes, frame).trim();
  const value = frame.args?.get(name);
  if (value !== undefined) return value;
  if (node.parts.length > 1) return expandPart(node.parts[1], frame);
  return `{{{${name}}}}`;
}

const PAGE_NAME_WORDS = new Set(["PAGENAME", "NOMPAGE"]);
const FULL_PAGE_NAME_WORDS = new Set(["FULLPAGENAME", "NOMPAGECOMPLET"]);
const CASE_FUNCTIONS: Record<string, (text: string) => string> = {
  lc: (text) => text.toLowerCase(),
  uc: (text) => text.toUpperCase(),
  lcfirst: (text) => text.charAt(0).toLowerCase() + text.slice(1),
  ucfirst: upperFirst,
};

function expandTemplate(node: TemplateNode, frame: Frame): string {
  const title = expand((node.parts[0] as Part).nodes, frame).trim();
  const args = node.parts.slice(1);
  if (title === "!") return "|";
  if (title === "=") return "=";
  if (PAGE_NAME_WORDS.has(title)) return frame.namespaces.split(frame.title).text;
  if (FULL_PAGE_NAME_WORDS.has(title)) return frame.title;
  const colon = title.indexOf(":");
  if (colon < 0) return "";
  const fn = title.slice(0, colon).trim();
  const first = title.slice(colon + 1).trim();
  const caseFunction = CASE_FUNCTIONS[fn.toLowerCase()];
  if (caseFunction) return caseFunction(first);
  if (fn === "#if") return expandPart(first !== "" ? args[0] : args[1], frame).trim();
  if (fn === "#ifeq") return expandIfeq(first, args, frame);
  if (fn === "#switch") return expandSwitch(first, args, frame);
  return "";
}

function sameValue(a: string, b: string): boolean {
  const numeric = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  return a === b || (numeric.test(a) && numeric.test(b) && Number(a) === Number(b));
}

function expandIfeq(first: string, args: Part[], frame: Frame): string {
  const other = expandPart(args[0], frame).trim();
  return expandPart(sameValue(first, other) ? args[1] : args[2], frame).trim();
}

function expandSwitch(value: string, args: Part[], frame: Frame): string {
  let fallThrough = false;
  let fallback: Part | undefined;
  for (const [k, part] of args.entries()) {
    if (part.name) {
      const key = expand(part.name, frame).trim();
      if (fallThrough || sameValue(key, value)) return expand(part.nodes, frame).trim();
      if (key === "#default") fallback = { name: null, nodes: part.nodes };
    } else {
      const key = expand(part.nodes, frame).trim();
      if (sameValue(key, value)) fallThrough = true;
      else if (k === args.length - 1) return key;
    }
  }
  return expandPart(fallback, frame).trim();
}

export function pageFrame(
  title: string,
  namespaces: Namespaces,
  extension: Frame["extension"] = () => "",
): Frame {
  return { title, namespaces, args: null, extension };
}

/** Expands a template's source for one call: parameters, defaults, `#if`, `#ifeq`, `#switch`, `{{!}}`. */
export function expandTemplateSource(
  templateSource: string,
  call: Pick<TemplateCall, "params">,
  context: { title: string; namespaces?: Namespaces },
): string {
  const namespaces = context.namespaces ?? defaultNamespaces;
  const page = pageFrame(context.title, namespaces);
  const args = new Map(
    Object.entries(call.params).map(([name, value]) => [name, expand(preprocess(value, "page"), page)]),
  );
  return expand(preprocess(templateSource, "transclusion"), { ...page, args });
}

/** The categories a rendered text links to (`[[Catégorie:X|clé]]` → "X"), sort keys dropped. */
function categoryLinks(rendered: string, namespaces: Namespaces): string[] {
  const categories: string[] = [];
  for (const link of rendered.matchAll(/\[\[([^[\]|]*)(?:\|[^[\]]*)?\]\]/g)) {
    const target = link[1] ?? "";
    if (target.trimStart().startsWith(":")) continue;
    const { ns, text } = namespaces.split(target);
    if (ns === NS_CATEGORY && text !== "" && !categories.includes(text)) categories.push(text);
  }
  return categories;
}

/** The categories a template adds to the page that calls it (names without the namespace prefix). */
export function templateCategories(
  templateSource: string,
  call: Pick<TemplateCall, "params">,
  context: { title: string; namespaces?: Namespaces },
): string[] {
  return categoryLinks(
    expandTemplateSource(templateSource, call, context),
    context.namespaces ?? defaultNamespaces,
  );
}

/** The categories written in the page itself (not inside template calls). */
export function pageCategories(text: string, context: { title: string; namespaces?: Namespaces }): string[] {
  const namespaces = context.namespaces ?? defaultNamespaces;
  return categoryLinks(expand(preprocess(text, "page"), pageFrame(context.title, namespaces)), namespaces);
}
