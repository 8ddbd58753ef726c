import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { checkCommons, DEFAULT_KINDS, fold } from "../../../core/commons.ts";
import { Namespaces, NS_CATEGORY, templateKey } from "../../../core/wikitext.ts";
import { articleRoot, importMediawiki, type MediawikiOptions } from "./mediawiki.ts";
import { ImportFileError, type ImportItem } from "./types.ts";

const FIXTURE = new URL("../../../../test/fixtures/mediawiki/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FIXTURE));
const TEMPLATE = "Fiche commun";
const DUMPS = [
  "xml/wikicommunsdev-full.xml",
  "xml/wikicommunsdev-current.xml",
  "xml/wikicommunsdev-full-schema-0.10.xml",
  "xml/wikicommunsdev-full.xml.gz",
  "xml/wikicommunsdev-full-with-uploads.xml",
];

interface OraclePage {
  title: string;
  ns: number;
  redirect: boolean;
  redirect_target?: { title: string; fragment: string | null };
  latest_revid: number;
  categories_rendered: string[];
  template_calls?: { name: string; params: Record<string, string> }[];
}

const oracle = JSON.parse(read("expected/pages.json").toString()).pages as OraclePage[];
const siteinfo = JSON.parse(read("expected/siteinfo.json").toString()).query;
const namespaces = new Namespaces(
  Object.values(siteinfo.namespaces as Record<string, { id: number; name: string }>).map((n) => [
    n.id,
    n.name,
  ]),
);
const source = `mediawiki:${siteinfo.general.server}${siteinfo.general.articlepath.replace("/$1", "")}`;
const infobox = (page: OraclePage) =>
  page.template_calls?.find(
    (call) => templateKey(call.name, namespaces) === templateKey(TEMPLATE, namespaces),
  );
const commons = oracle.filter((page) => !page.redirect && infobox(page));
const commonsTitles = new Set(commons.map((page) => page.title));
const redirectsToCommons = oracle.filter(
  (page) => page.redirect && commonsTitles.has(page.redirect_target?.title ?? ""),
);
const categoriesOf = (page: OraclePage) =>
  page.categories_rendered.map((c) => c.slice(namespaces.name(NS_CATEGORY).length + 1));
/** The oracle's value of an infobox parameter, found by its folded name as the importer finds it. */
const param = (page: OraclePage, name: string) =>
  Object.entries(infobox(page)?.params ?? {}).find(([key]) => fold(key) === fold(name))?.[1] ?? "";
const labels = (wikitext: string) => wikitext.replace(/\[\[[^|\]]*\|([^\]]*)\]\]/g, "$1");

function chunks(bytes: Buffer, size = 65536): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
  return Readable.from(parts);
}

async function collect(
  input: Readable,
  options: MediawikiOptions = { template: TEMPLATE },
): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of importMediawiki(input, options)) items.push(item);
  return items;
}

type RecordItem = Extract<ImportItem, { record: unknown }>;
const records = (items: ImportItem[]) => items.filter((item): item is RecordItem => "record" in item);

function rejectsWith(key: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ImportFileError, String(error));
    assert.equal(error.detail.key, key);
    return true;
  };
}

describe("MediaWiki import of the fixture", () => {
  assert.equal(commons.length, 4);

  for (const dump of DUMPS) {
    it(`reads the commons pages of ${dump}`, async () => {
      const items = await collect(chunks(read(dump), 4096));
      const found = records(items);
      assert.deepEqual(found.map((item) => item.at).sort(), [...commonsTitles].sort());
      for (const item of found) {
        const page = commons.find((p) => p.title === item.at) as OraclePage;
        const { record } = item;
        assert.deepEqual(record.origin, { source, id: page.title, revision: String(page.latest_revid) });
        const themes = labels(param(page, "thèmes"))
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean);
        // Tags are deduplicated by their folded form ("jardinage" the theme, "Jardinage" the category).
        const expected = new Set([...themes, ...categoriesOf(page)].map(fold));
        assert.deepEqual(new Set(record.tags?.map(fold)), expected, page.title);
        assert.equal(record.tags?.length, expected.size);

        assert.equal(record.name, param(page, "nom"));
        const place = record.places?.[0];
        assert.equal(place?.street, labels(param(page, "adresse")));
        assert.equal(place?.postcode, param(page, "code postal"));
        assert.equal(place?.commune, param(page, "ville"));
        const site = param(page, "site web");
        assert.deepEqual(record.links, [{ type: "website", url: /^\[?(\S+)/.exec(site)?.[1], label: "" }]);
        assert.ok(record.description && !/\{\{|\[\[|<ref/.test(record.description), page.title);
        checkCommons(
          record,
          DEFAULT_KINDS.map((k) => k.slug),
        );
      }
      const skipped = items.filter((item) => "skipped" in item);
      assert.deepEqual(
        skipped.sort((a, b) => a.at.localeCompare(b.at)),
        redirectsToCommons
          .map((page) => ({
            at: page.title,
            skipped: { key: "import.redirect", params: { target: page.redirect_target?.title ?? "" } },
          }))
          .sort((a, b) => a.at.localeCompare(b.at)),
      );
      assert.equal(items.length, found.length + skipped.length);
    });
  }

  it("turns linked values into their labels, takes the URL of an external link, and leaves an empty address empty", async () => {
    const items = records(await collect(chunks(read(DUMPS[0] as string))));
    const linked = commons.find((page) => param(page, "adresse").includes("[["));
    const external = commons.find((page) => param(page, "site web").startsWith("["));
    const empty = commons.find((page) => param(page, "adresse") === "");
    assert.ok(linked && external && empty);
    const recordOf = (page: OraclePage) => items.find((item) => item.at === page.title)?.record;
    assert.equal(recordOf(linked)?.places?.[0]?.street, "dans la médiathèque, 4 place des Tisserands");
    assert.equal(recordOf(external)?.links?.[0]?.url, /^\[(\S+)/.exec(param(external, "site web"))?.[1]);
    assert.equal(recordOf(empty)?.places?.[0]?.street, "");
  });

  it("gives the same items whatever the chunk sizes", async () => {
    const expected = await collect(chunks(read("xml/wikicommunsdev-full.xml")));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3000 }), fc.boolean(), async (size, gzipped) => {
        const bytes = gzipped ? read("xml/wikicommunsdev-full.xml.gz") : read("xml/wikicommunsdev-full.xml");
        assert.deepEqual(await collect(chunks(bytes, size)), expected);
      }),
      { numRuns: 25 },
    );
  });

  it("yields a page as soon as it is read, before the file ends", async () => {
    const xml = read("xml/wikicommunsdev-current.xml").toString();
    const firstCommons =
      xml.indexOf("</page>", xml.indexOf(`<title>${commons[0]?.title}`)) + "</page>".length;
    const input = new PassThrough();
    const items = importMediawiki(input, { template: TEMPLATE })[Symbol.asyncIterator]();
    input.write(xml.slice(0, firstCommons));
    const first = await items.next();
    assert.ok(!first.done && "record" in first.value);
    input.end(xml.slice(firstCommons));
    for (let next = await items.next(); !next.done; next = await items.next());
  });

  it("keeps memory flat however big a file inlined in an upload is", async () => {
    const xml = read("xml/wikicommunsdev-full-with-uploads.xml").toString();
    const at = xml.indexOf("</contents>");
    assert.ok(at > 0);
    const block = Buffer.from("QUJD".repeat(16384));
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    async function* withBigUpload() {
      yield Buffer.from(xml.slice(0, at));
      for (let k = 0; k < 768; k++) {
        if (k % 8 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
        yield block;
      }
      yield Buffer.from(xml.slice(at));
    }
    const items = await collect(Readable.from(withBigUpload()));
    assert.equal(records(items).length, commons.length);
    // 48 MiB of base64 went through; kept, they would weigh at least that much.
    assert.ok(peak - baseline < 24 * 2 ** 20, `${(peak - baseline) / 2 ** 20} MiB`);
  });

  it("derives the article root from the main page's URL", () => {
    assert.equal(articleRoot(siteinfo.general.base), source.slice("mediawiki:".length));
    assert.equal(
      articleRoot("https://w.example/index.php?title=Main_Page"),
      "https://w.example/index.php?title=",
    );
  });
});

/** A small export made from the fixture: another template name, other parameter names, the template last. */
function syntheticDump(): Buffer {
  const xml = read("xml/wikicommunsdev-current.xml").toString();
  const pages = xml.match(/ {2}<page>[\s\S]*?<\/page>\n/g) ?? [];
  const keep = new Set([...commonsTitles, ...redirectsToCommons.map((p) => p.title)]);
  const isTemplate = (page: string) => page.includes("<ns>10</ns>");
  const kept = [
    ...pages.filter((page) =>
      keep.has(/<title>(.*?)<\/title>/.exec(page)?.[1]?.replace(/&#039;/g, "'") ?? ""),
    ),
    ...pages.filter(isTemplate),
  ];
  const head = xml.slice(0, xml.indexOf("  <page>"));
  return Buffer.from(
    `${head}${kept.join("")}</mediawiki>\n`
      .replaceAll(TEMPLATE, "Carte du lieu")
      .replace(/(\|\s*)nom(\s*=)/g, "$1intitulé$2")
      .replace(/(\|\s*)ville(\s*=)/g, "$1localité$2")
      .replace(/(\|\s*)code postal(\s*=)/g, "$1CP$2")
      .replace(/\{\{\{(nom|ville)([|}])/g, (_, name: string, after: string) =>
        name === "nom" ? `{{{intitulé${after}` : `{{{localité${after}`,
      ),
  );
}

describe("MediaWiki import of any template", () => {
  it("uses the template and parameter names it is given, and the template's categories when it comes last", async () => {
    const dump = syntheticDump();
    assert.ok(!dump.toString().includes(TEMPLATE) && !/\|\s*ville\s*=/.test(dump.toString()));
    const options = {
      template: "carte_du_lieu",
      fields: { Intitule: "name", LOCALITÉ: "commune", cp: "ignore" },
    };
    const found = records(await collect(chunks(dump, 999), options));
    assert.deepEqual(found.map((item) => item.at).sort(), [...commonsTitles].sort());
    for (const item of found) {
      const page = commons.find((p) => p.title === item.at) as OraclePage;
      assert.equal(item.record.name, param(page, "nom"));
      assert.equal(item.record.places?.[0]?.commune, param(page, "ville"));
      assert.equal(item.record.places?.[0]?.postcode, "", "cp is ignored as asked");
      const tags = new Set(item.record.tags?.map(fold));
      for (const category of categoriesOf(page)) assert.ok(tags.has(fold(category)), category);
    }
    const defaults = records(await collect(chunks(dump), { template: "Modèle:Carte du lieu" }));
    assert.equal(defaults.length, 4);
    assert.ok(
      defaults.every((item) => !item.record.places?.[0]?.commune),
      "the defaults do not know localité",
    );
    assert.equal((await collect(chunks(dump), { template: TEMPLATE })).length, 0);
  });

  it("refuses a field it does not know", async () => {
    await assert.rejects(
      collect(chunks(syntheticDump()), { template: "Carte du lieu", fields: { a: "nowhere" } }),
      rejectsWith("import.mediawikiField"),
    );
  });
});

describe("MediaWiki import of infobox values", () => {
  const xml = read("xml/wikicommunsdev-current.xml").toString();
  const head = xml.slice(0, xml.indexOf("  <page>"));
  const page = (title: string, text: string) =>
    `<page><title>${title}</title><ns>0</ns><id>900</id><revision><id>901</id>` +
    `<timestamp>2024-01-02T03:04:05Z</timestamp><text>${text}</text></revision></page>`;

  it("maps the usual French parameters to the record", async () => {
    const call =
      "{{Fiche commun|nom=Jardin ''partagé''|Description courte='''Un''' jardin|latitude=50,63|lon=3.06|" +
      "statut=en sommeil|courriel=[mailto:jardin@exemple.org écrire]|communecter=[https://communecter.example/j page]|" +
      "type=Jardin|mots-clés=potager; compost|cp=59 000|commune=Lille|insee=59350|inconnu=x|image=J.png}}";
    const items = await collect(chunks(Buffer.from(`${head}${page("Jardin", call)}</mediawiki>`)));
    assert.equal(items.length, 1);
    const record = (items[0] as RecordItem).record;
    assert.equal(record.name, "Jardin partagé");
    assert.equal(record.summary, "Un jardin");
    assert.equal(record.status, "dormant");
    assert.equal(record.contact, "jardin@exemple.org");
    assert.equal(record.kind, "jardin");
    assert.deepEqual(record.tags, ["potager", "compost"]);
    assert.deepEqual(record.links, [
      { type: "communecter", url: "https://communecter.example/j", label: "" },
    ]);
    assert.equal(record.description, "");
    const place = record.places?.[0];
    assert.deepEqual(
      { ...place, geo: place?.geo?.source },
      {
        label: "",
        street: "",
        postcode: "59 000",
        commune: "Lille",
        inseeCode: "59350",
        country: "FR",
        latitude: 50.63,
        longitude: 3.06,
        coarse: false,
        geo: "import",
      },
    );
    assert.equal(place?.geo?.at, "2024-01-02T03:04:05Z");
  });

  it("follows redirects written only in the wikitext", async () => {
    const withElements = await collect(chunks(Buffer.from(xml)));
    const withoutElements = await collect(
      chunks(Buffer.from(xml.replace(/ *<redirect title="[^"]*" \/>\n/g, ""))),
    );
    assert.ok(withElements.some((item) => "skipped" in item));
    assert.deepEqual(withoutElements, withElements);
  });
});

describe("MediaWiki import of broken files", () => {
  const full = read("xml/wikicommunsdev-full.xml");
  const gz = read("xml/wikicommunsdev-full.xml.gz");

  it("names the line where the XML breaks", async () => {
    await assert.rejects(collect(chunks(full.subarray(0, full.length / 2))), (error: unknown) => {
      rejectsWith("import.xmlMalformed")(error);
      const line = (error as ImportFileError).detail.params?.line;
      assert.ok(typeof line === "number" && line > 100);
      return true;
    });
    const broken = full.toString().replace("</title>", "</titre>");
    await assert.rejects(collect(chunks(Buffer.from(broken))), rejectsWith("import.xmlMalformed"));
  });

  it("refuses what is not a MediaWiki export", async () => {
    let seed = 7;
    const noise = Buffer.alloc(4000);
    for (let k = 0; k < noise.length; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      noise[k] = seed % 256;
    }
    noise[0] = 0;
    for (const bytes of [
      noise,
      read("html/full-page-Accueil.html"),
      Buffer.alloc(0),
      Buffer.from("<feed xmlns='http://www.w3.org/2005/Atom'></feed>"),
      gzipSync(Buffer.from("bonjour")),
    ])
      await assert.rejects(collect(chunks(bytes)), rejectsWith("import.notMediawiki"));
    const old = full.toString().replaceAll("export-0.11", "export-0.3");
    await assert.rejects(collect(chunks(Buffer.from(old))), rejectsWith("import.mediawikiVersion"));
    await assert.rejects(collect(chunks(gz.subarray(0, gz.length - 100))), rejectsWith("import.gzipBroken"));
  });

  it("reads an export without pages as nothing to import", async () => {
    assert.deepEqual(await collect(chunks(read("xml/wikicommunsdev-logs.xml"))), []);
  });

  it("either reads a cut file or refuses it, never anything else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), async (where, gzipped) => {
        const bytes = gzipped ? gz : full;
        try {
          const items = await collect(chunks(bytes.subarray(0, Math.floor(bytes.length * where)), 1000));
          for (const item of items) assert.ok("record" in item || "skipped" in item);
        } catch (error) {
          assert.ok(error instanceof ImportFileError, String(error));
        }
      }),
      { numRuns: 60 },
    );
  });
});
