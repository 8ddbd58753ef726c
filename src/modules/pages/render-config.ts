/**
 * wikiparser-node's configuration for one wiki: its namespace names (from the wiki's siteinfo, through
 * `Namespaces`), MediaWiki's English and French magic words, the extension tags this renderer knows
 * (ParserFunctions and Cite, as the imported wikis use) and the interwiki prefixes.
 */
import { createRequire } from "node:module";
import Parser, { type Config } from "wikiparser-node";
import type { Namespaces } from "../../core/wikitext/titles.ts";
import {
  DEFAULT_INTERWIKI,
  FR_FUNCTIONS_INSENSITIVE,
  FR_FUNCTIONS_SENSITIVE,
  FR_IMAGE_OPTIONS,
  FR_PREFIXES,
  FR_SWITCHES_INSENSITIVE,
  FR_SWITCHES_SENSITIVE,
} from "./render-magic-fr.ts";

const require = createRequire(import.meta.url);
const base = require("wikiparser-node/config/default.json") as Config;

/** Where internal links point in the library's HTML: replaced afterwards by the context's addresses. */
export const LINK_MARK = "communs-wikilink:";
/** Where an image's bytes are in the library's HTML: replaced by `ctx.fileHref`. */
export const FILE_MARK = "communs-wikifile:";

/** Tags that are not HTML: nowiki/pre (core), ref/references (Cite), and a few harmless ones. */
const EXTENSION_TAGS = ["nowiki", "pre", "gallery", "ref", "references", "poem", "syntaxhighlight", "source"];

const configs = new WeakMap<Namespaces, Config>();

/** The configuration for the wiki these namespaces belong to (built once per `Namespaces`). */
export function parserConfig(namespaces: Namespaces): Config {
  const known = configs.get(namespaces);
  if (known) return known;
  const nsid: Record<string, number> = { "": 0 };
  const names: Record<string, string> = { "0": "" };
  for (const [prefix, ns] of namespaces.prefixes()) {
    nsid[prefix] = ns;
    names[String(ns)] = namespaces.name(ns);
  }
  const [insensitive, sensitive, msg, subst] = base.parserFunction;
  const [, , switchesInsensitive, switchesSensitive] = base.doubleUnderscore;
  const data = {
    ...base,
    ext: EXTENSION_TAGS,
    namespaces: names,
    nsid,
    parserFunction: [
      { ...insensitive, ...FR_FUNCTIONS_INSENSITIVE },
      { ...sensitive, ...FR_FUNCTIONS_SENSITIVE },
      [...msg, ...FR_PREFIXES.msg],
      [...subst, ...FR_PREFIXES.subst],
    ],
    doubleUnderscore: [
      [],
      [],
      { ...switchesInsensitive, ...FR_SWITCHES_INSENSITIVE },
      { ...switchesSensitive, ...FR_SWITCHES_SENSITIVE },
    ],
    img: { ...base.img, ...FR_IMAGE_OPTIONS },
    redirection: ["#redirect", "#redirection"],
    interwiki: Object.keys(DEFAULT_INTERWIKI),
    articlePath: `${LINK_MARK}$1`,
    variants: [],
  } as Config;
  const config = Parser.getConfig(data);
  configs.set(namespaces, config);
  return config;
}

/** The URL of an interwiki title (`wikipedia:fr:Roubaix`), or null when its prefix is unknown. */
export function interwikiUrl(title: string): string | null {
  const colon = title.indexOf(":");
  if (colon < 0) return null;
  const pattern = DEFAULT_INTERWIKI[title.slice(0, colon).trim().toLowerCase()];
  if (!pattern) return null;
  const rest = title
    .slice(colon + 1)
    .trim()
    .replace(/ /g, "_");
  return pattern.replace("$1", encodeURI(rest).replace(/#/g, "%23").replace(/\?/g, "%3F"));
}
