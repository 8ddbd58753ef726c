/**
 * The developer fixture (a real MediaWiki 1.39 export, shared/fixtures/mediawiki) as a render context
 * kept in memory: its pages' latest texts from the `--current` dump, its namespaces from its siteinfo.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SaxesParser } from "saxes";
import { Namespaces, pageUrl } from "../../core/wikitext/titles.ts";
import { keyOf, type RenderContext, type TitleKey } from "./render-types.ts";

export const FIXTURE = process.env.MEDIAWIKI_FIXTURE ?? "/work/shared/fixtures/mediawiki";

export interface FixturePage extends TitleKey {
  full: string;
  text: string;
}

interface SiteInfo {
  query: {
    general: { case: string };
    namespaces: Record<string, { id: number; name: string }>;
    namespacealiases: { id: number; alias: string }[];
  };
}

export function fixtureNamespaces(): Namespaces {
  const info = JSON.parse(readFileSync(join(FIXTURE, "expected/siteinfo.json"), "utf8")) as SiteInfo;
  const { namespaces, namespacealiases, general } = info.query;
  return new Namespaces(
    Object.values(namespaces).map((n) => [n.id, n.name] as const),
    namespacealiases.map((a) => [a.id, a.alias] as const),
    general.case,
  );
}

/** Each page's title, namespace and latest text, read from the dump with saxes. */
export function fixturePages(namespaces: Namespaces): FixturePage[] {
  const xml = readFileSync(join(FIXTURE, "xml/wikicommunsdev-current.xml"), "utf8");
  const parser = new SaxesParser();
  const pages: FixturePage[] = [];
  const path: string[] = [];
  let buffer = "";
  let title = "";
  let text = "";
  parser.on("opentag", (tag) => {
    path.push(tag.name);
    buffer = "";
  });
  parser.on("text", (chunk) => {
    buffer += chunk;
  });
  parser.on("closetag", (tag) => {
    const where = path.join("/");
    if (where === "mediawiki/page/title") title = buffer;
    if (where === "mediawiki/page/revision/text") text = buffer;
    if (tag.name === "page" && path.length === 2) {
      const { ns, text: main } = namespaces.split(title);
      pages.push({ ns, title: main, full: title, text });
    }
    path.pop();
    buffer = "";
  });
  parser.write(xml).close();
  return pages;
}

export function fixtureContext(page: TitleKey, pages: FixturePage[], namespaces: Namespaces): RenderContext {
  const byKey = new Map(pages.map((p) => [keyOf(p), p]));
  const full = (key: TitleKey) => {
    const name = namespaces.name(key.ns);
    return name === "" ? key.title : `${name}:${key.title}`;
  };
  return {
    namespaces,
    page,
    async sources(keys) {
      const found = new Map<string, { text: string; format: "wikitext" }>();
      for (const key of keys) {
        const p = byKey.get(keyOf(key));
        if (p) found.set(keyOf(key), { text: p.text, format: "wikitext" });
      }
      return found;
    },
    async existing(keys) {
      return new Set(keys.map(keyOf).filter((k) => byKey.has(k)));
    },
    href: (key, fragment) => pageUrl("/wiki", full(key), fragment),
    editHref: (key) => pageUrl("/wiki", `Spécial:Modifier/${full(key)}`),
    async fileHref(name) {
      return byKey.has(`6:${name}`) ? `/wiki/Spécial:FilePath/${encodeURIComponent(name)}` : null;
    },
  };
}
