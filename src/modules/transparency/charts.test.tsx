import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { render } from "preact-render-to-string";
import { MAX_AMOUNT } from "../../core/ledger.ts";
import { foldQuiet, MonthlyChart, MonthlyTable, type MonthTotals } from "./charts.tsx";
import "../../messages.ts";
import { translate } from "../../web/i18n.ts";

const YEAR: MonthTotals[] = Array.from({ length: 12 }, (_, i) => ({
  month: `2026-${String(i + 1).padStart(2, "0")}`,
  income: (i + 1) * 10_000,
  spending: i % 3 === 0 ? 12_000 : 0,
}));

const FRENCH_MONTHS = [
  "janv.",
  "févr.",
  "mars",
  "avr.",
  "mai",
  "juin",
  "juil.",
  "août",
  "sept.",
  "oct.",
  "nov.",
  "déc.",
];

type Attributes = Record<string, string>;

function attributes(tag: string): Attributes {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
}

/** The opening tags of the elements named, as attribute maps, in document order. */
function tags(html: string, name: string): Attributes[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, "g"))].map((m) => attributes(m[1] ?? ""));
}

function bars(html: string, series: "income" | "spending") {
  return tags(html, "rect")
    .filter((rect) => rect.class === `chart-bar chart-${series}`)
    .map((rect) => ({ x: Number(rect.x), width: Number(rect.width) }));
}

/** The text of each `<text>` element of the SVG, in document order. */
function texts(html: string): string[] {
  return [...html.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? "");
}

function chart(
  months: readonly MonthTotals[],
  title = "Recettes et dépenses 2026",
  lang: "fr" | "en" = "fr",
) {
  return render(<MonthlyChart title={title} months={months} lang={lang} />);
}

/** Geometry must be numbers: no NaN, no Infinity, nothing negative where a length is expected. */
function assertDrawable(html: string) {
  assert.doesNotMatch(html, /NaN|Infinity|undefined/);
  for (const rect of tags(html, "rect")) {
    for (const name of ["x", "y", "width", "height"]) {
      if (rect[name] === undefined) continue;
      const value = Number(rect[name]);
      assert.ok(Number.isFinite(value) && value >= 0, `${name}="${rect[name]}"`);
    }
  }
}

describe("MonthlyChart", () => {
  it("is a figure with an SVG image labelled by its title and description, and a caption", () => {
    const html = chart(YEAR);
    assert.match(html, /^<figure class="chart"><svg /);
    const [svg] = tags(html, "svg");
    assert.equal(svg?.role, "img");
    const ids = (svg?.["aria-labelledby"] ?? "").split(" ");
    assert.equal(ids.length, 2);
    assert.match(html, new RegExp(`<title id="${ids[0]}">Recettes et dépenses 2026</title>`));
    assert.match(html, new RegExp(`<desc id="${ids[1]}">[^<]+</desc>`));
    assert.match(html, /<figcaption>Recettes et dépenses 2026<\/figcaption><\/figure>$/);
    assert.match(svg?.viewBox ?? "", /^0 0 \d+(\.\d+)? \d+$/);
  });

  it("draws two bars per month and names each month the French short way", () => {
    const html = chart(YEAR);
    assert.equal(bars(html, "income").length, 12);
    assert.equal(bars(html, "spending").length, 12);
    const labels = texts(html).filter((text) => FRENCH_MONTHS.includes(text));
    assert.deepEqual(labels, FRENCH_MONTHS);
    assertDrawable(html);
  });

  it("draws bars proportional to the amounts, from one axis, each followed by its amount", () => {
    const months = [
      { month: "2026-01", income: 100_000, spending: 25_000 },
      { month: "2026-02", income: 50_000, spending: 0 },
    ];
    const html = chart(months);
    const [january, february] = bars(html, "income");
    const [januarySpending, februarySpending] = bars(html, "spending");
    assert.ok(january && february && januarySpending && februarySpending);
    assert.ok(january.width > 0);
    assert.equal(february.width, january.width / 2);
    assert.equal(januarySpending.width, january.width / 4);
    assert.equal(februarySpending.width, 0);
    assert.equal(new Set([january, february, januarySpending, februarySpending].map((b) => b.x)).size, 1);
    const amounts = texts(html).filter((text) => text.endsWith("\u00a0€"));
    assert.deepEqual(amounts, ["1\u202f000,00\u00a0€", "250,00\u00a0€", "500,00\u00a0€", "0,00\u00a0€"]);
  });

  it("is drawn about as wide as a phone, in text that stays readable there (≥ 11 px at 340 px)", () => {
    const html = chart(YEAR);
    const [svg] = tags(html, "svg");
    const width = Number((svg?.viewBox ?? "").split(" ")[2]);
    const fontSize = Number(svg?.["font-size"]);
    assert.ok(width <= 380, `viewBox ${width} wide`);
    assert.ok((fontSize * 340) / width >= 11, `font ${fontSize} in ${width}`);
  });

  it("leaves the months without movement out of the drawing", () => {
    const html = chart([
      { month: "2026-01", income: 100, spending: 0 },
      { month: "2026-02", income: 0, spending: 0 },
      { month: "2026-03", income: 0, spending: 200 },
    ]);
    assert.equal(bars(html, "income").length, 2);
    assert.deepEqual(
      texts(html).filter((text) => FRENCH_MONTHS.includes(text)),
      ["janv.", "mars"],
    );
  });

  it("names both series in a legend and hatches spending, so colour is not the only cue", () => {
    const html = chart(YEAR);
    const legend = /<g class="chart-legend"[^>]*>(.*?)<\/g>/.exec(html)?.[1] ?? "";
    assert.ok(legend.includes(`>${translate("fr", "ledger.chart.income")}</text>`));
    assert.ok(legend.includes(`>${translate("fr", "ledger.chart.spending")}</text>`));
    const patternId = tags(html, "pattern")[0]?.id;
    assert.ok(patternId);
    const spending = tags(html, "rect").filter((rect) => rect.class === "chart-bar chart-spending");
    assert.ok(spending.every((rect) => rect.fill === `url(#${patternId})`));
    const income = tags(html, "rect").filter((rect) => rect.class === "chart-bar chart-income");
    assert.ok(income.every((rect) => rect.style?.includes("var(--chart-income")));
  });

  it("gives each bar a tooltip with its month and amount", () => {
    const html = chart([{ month: "2026-02", income: 123_456, spending: 7_890 }]);
    assert.ok(
      html.includes(
        `<title>${translate("fr", "ledger.chart.bar", {
          month: "février 2026",
          series: translate("fr", "ledger.chart.income"),
          amount: "1\u202f234,56\u00a0€",
        })}</title>`,
      ),
    );
  });

  it("draws an empty chart for no month at all, or only quiet ones", () => {
    for (const months of [[], YEAR.map((m) => ({ ...m, income: 0, spending: 0 }))]) {
      const html = chart(months);
      assertDrawable(html);
      assert.equal(bars(html, "income").length, 0);
      assert.ok(html.includes(translate("fr", "ledger.chart.empty")));
    }
  });

  it("keeps one huge month on the chart and the small ones visible as zero or more", () => {
    const months = [
      { month: "2026-01", income: MAX_AMOUNT, spending: 1 },
      { month: "2026-02", income: 100, spending: 0 },
    ];
    const html = chart(months);
    assertDrawable(html);
    const [huge, small] = bars(html, "income");
    assert.ok(huge && small && huge.width > 0 && small.width >= 0 && small.width < 0.01);
    assert.ok(texts(html).includes("1\u202f000\u202f000\u202f000,00\u00a0€"));
  });

  it("keeps a title with markup as text", () => {
    const html = chart(YEAR, `<script>alert("x")</script> & co`);
    assert.doesNotMatch(html, /<script>/);
    assert.ok(html.includes("&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; co</title>"));
    assert.ok(html.includes("<figcaption>&lt;script>"));
  });

  it("gives two charts on one page different ids", () => {
    const html = render(
      <div>
        <MonthlyChart title="A" months={YEAR} lang="fr" />
        <MonthlyChart title="B" months={YEAR} lang="fr" />
      </div>,
    );
    const ids = tags(html, "svg").map((svg) => svg["aria-labelledby"]);
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
    const patterns = tags(html, "pattern").map((pattern) => pattern.id);
    assert.notEqual(patterns[0], patterns[1]);
  });

  it("speaks English months in English, and adds the year when the months span several", () => {
    assert.ok(texts(chart(YEAR, "Year", "en")).includes("Jan"));
    const html = chart([
      { month: "2025-12", income: 100, spending: 0 },
      { month: "2026-01", income: 100, spending: 0 },
    ]);
    assert.ok(texts(html).includes("déc. 25"));
    assert.ok(texts(html).includes("janv. 26"));
  });

  it("stays drawable and proportional for any months (property)", () => {
    const month = fc.record({
      month: fc
        .integer({ min: 2000, max: 2100 })
        .chain((year) => fc.integer({ min: 1, max: 12 }).map((m) => `${year}-${String(m).padStart(2, "0")}`)),
      income: fc.integer({ min: 0, max: MAX_AMOUNT }),
      spending: fc.integer({ min: 0, max: MAX_AMOUNT }),
    });
    fc.assert(
      fc.property(fc.array(month, { maxLength: 24 }), (months) => {
        const html = chart(months);
        assertDrawable(html);
        const drawnMonths = months.filter((m) => m.income !== 0 || m.spending !== 0);
        const values = drawnMonths.flatMap((m) => [m.income, m.spending]);
        const drawn = drawnMonths.flatMap((_, i) => [bars(html, "income")[i], bars(html, "spending")[i]]);
        const max = Math.max(0, ...values);
        const longest = Math.max(0, ...drawn.map((bar) => bar?.width ?? 0));
        values.forEach((value, i) => {
          const expected = max === 0 ? 0 : (longest * value) / max;
          assert.ok(Math.abs((drawn[i]?.width ?? -1) - expected) <= 0.02, `${value} of ${max}`);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("MonthlyTable", () => {
  it("is a captioned table with column and row headers, amounts in euros and totals", () => {
    const html = render(
      <MonthlyTable title="Recettes et dépenses 2026" months={YEAR.slice(0, 2)} lang="fr" />,
    );
    assert.match(html, /^<table class="chart-table"><caption>Recettes et dépenses 2026<\/caption>/);
    const columns = tags(html, "th").filter((th) => th.scope === "col");
    assert.equal(columns.length, 4);
    assert.ok(html.includes(`<th scope="col">${translate("fr", "ledger.chart.month")}</th>`));
    assert.equal(columns.filter((th) => th.class === "amount").length, 3, "amount columns are right-aligned");
    assert.ok(html.includes('<th scope="row">janvier 2026</th><td class="amount">100,00\u00a0€</td>'));
    assert.ok(html.includes('<th scope="row">février 2026</th><td class="amount">200,00\u00a0€</td>'));
    assert.ok(html.includes('<td class="amount">120,00\u00a0€</td><td class="amount">-20,00\u00a0€</td>'));
    const footer = /<tfoot>(.*)<\/tfoot>/.exec(html)?.[1] ?? "";
    assert.ok(footer.includes(`<th scope="row">${translate("fr", "ledger.chart.total")}</th>`));
    assert.ok(footer.includes('<td class="amount">300,00\u00a0€</td><td class="amount">120,00\u00a0€</td>'));
    assert.ok(footer.includes('<td class="amount">180,00\u00a0€</td>'));
  });

  it("folds each run of months without movement into one line", () => {
    const months = YEAR.map((m) => ({ ...m, income: 0, spending: 0 }));
    months[1] = { month: "2026-02", income: 100, spending: 0 };
    months[6] = { month: "2026-07", income: 0, spending: 50 };
    const html = render(<MonthlyTable title="2026" months={months} lang="fr" />);
    const quiet = [...html.matchAll(/<tr class="quiet"><td colspan="4">([^<]*)<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(quiet, [
      "janvier 2026\u202f: aucun mouvement",
      "mars – juin 2026\u202f: aucun mouvement",
      "août – décembre 2026\u202f: aucun mouvement",
    ]);
    const body = /<tbody>(.*)<\/tbody>/.exec(html)?.[1] ?? "";
    assert.equal((body.match(/<tr><th scope="row">/g) ?? []).length, 2);
    assert.deepEqual(
      foldQuiet(months).map((row) => row.kind),
      ["quiet", "month", "quiet", "month", "quiet"],
    );
  });

  it("says so when there is no month, without a totals row", () => {
    const html = render(<MonthlyTable title="Rien" months={[]} lang="fr" />);
    assert.ok(html.includes(`<td colspan="4">${translate("fr", "ledger.chart.empty")}</td>`));
    assert.doesNotMatch(html, /<tfoot>/);
  });

  it("keeps a title with markup as text", () => {
    const html = render(<MonthlyTable title="<b>gras</b>" months={YEAR} lang="fr" />);
    assert.ok(html.includes("<caption>&lt;b>gras&lt;/b></caption>"));
  });
});
