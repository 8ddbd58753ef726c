import { useId } from "preact/hooks";
import type { Language } from "../../core/accounts.ts";
import { formatAmount } from "../../core/ledger.ts";
import { dateFormat, translate } from "../../web/i18n.ts";
import type { MonthTotals } from "./service.ts";

export type { MonthTotals } from "./service.ts";

export interface MonthlyChartProps {
  title: string;
  months: readonly MonthTotals[];
  lang: Language;
  /** Prefix of the ids inside the SVG; unique on the page by default. */
  id?: string;
}

// Geometry of the drawing, in SVG user units. The SVG scales to the width of its box through its
// viewBox; it is drawn about as wide as a phone's screen so that its 13-unit text reads at 12 px there.
// Months are rows (bars grow rightwards), so twelve of them fit a phone as well as a desktop.
const WIDTH = 360;
const TOP = 8;
const LABEL = 64; // the month's name, left of its bars
const AMOUNT_ROOM = 112; // the amount written after the longest bar
const PLOT_WIDTH = WIDTH - LABEL - AMOUNT_ROOM;
const BAR = 13;
const GAP = 3; // between a month's two bars
const ROW = 2 * BAR + GAP + 12; // one month, with its margin
const LEGEND = 32;
const FONT = 13;

const INCOME_FILL = "var(--chart-income, #1f6b3a)";
const SPENDING_FILL = "var(--chart-spending, #9a4a00)";

function fullAmount(cents: number): string {
  return `${formatAmount(cents)}\u00a0€`;
}

/** A drawable amount: negative, fractional or non-finite inputs would draw nonsense (or NaN). */
function drawable(cents: number): number {
  return Number.isFinite(cents) && cents > 0 ? Math.round(cents) : 0;
}

function monthDate(month: string): Date | undefined {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : undefined;
}

/**
 * "janv.", "févr."… in French, "janv. 26" when the chart spans several years; the raw text when it is
 * not a YYYY-MM month.
 */
export function shortMonth(month: string, lang: Language, withYear = false): string {
  const date = monthDate(month);
  if (!date) return month;
  const year = withYear ? ({ year: "2-digit" } as const) : {};
  return dateFormat(lang, { month: "short", ...year, timeZone: "UTC" }).format(date);
}

/** "janvier 2026" */
export function longMonth(month: string, lang: Language): string {
  const date = monthDate(month);
  if (!date) return month;
  return dateFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

function totals(months: readonly MonthTotals[]) {
  return months.reduce((sum, m) => ({ income: sum.income + m.income, spending: sum.spending + m.spending }), {
    income: 0,
    spending: 0,
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Whether anything moved in the month. */
export function moved(m: MonthTotals): boolean {
  return m.income !== 0 || m.spending !== 0;
}

/** Length of a bar: proportional to its amount, the largest taking the whole plot. */
function barWidth(cents: number, max: number): number {
  return max === 0 ? 0 : round2((drawable(cents) / max) * PLOT_WIDTH);
}

function barLabel(lang: Language, month: string, series: string, cents: number): string {
  return translate(lang, "ledger.chart.bar", { month, series, amount: fullAmount(cents) });
}

function chartSummary(months: readonly MonthTotals[], lang: Language): string {
  if (months.length === 0) return translate(lang, "ledger.chart.empty");
  const sum = totals(months);
  return translate(lang, "ledger.chart.desc", {
    from: longMonth(months[0]?.month ?? "", lang),
    to: longMonth(months[months.length - 1]?.month ?? "", lang),
    income: fullAmount(sum.income),
    spending: fullAmount(sum.spending),
  });
}

function Bar(props: {
  series: "income" | "spending";
  y: number;
  cents: number;
  max: number;
  title: string;
  fill: string;
}) {
  const width = barWidth(props.cents, props.max);
  const spending = props.series === "spending";
  return (
    <>
      <rect
        class={`chart-bar chart-${props.series}`}
        x={LABEL}
        y={props.y}
        width={width}
        height={BAR}
        fill={spending ? props.fill : undefined}
        style={spending ? { stroke: SPENDING_FILL } : { fill: INCOME_FILL }}
      >
        <title>{props.title}</title>
      </rect>
      <text x={LABEL + width + 4} y={props.y + BAR - 2} fill="#1d2327" class="chart-amount">
        {fullAmount(props.cents)}
      </text>
    </>
  );
}

/**
 * Income and spending per month as bars drawn on the server, one row per month that saw a movement
 * (the quiet ones are folded in `MonthlyTable`): an image for sighted readers, described by its title
 * and summary; the same figures are in `MonthlyTable` for everyone. Spending bars are hatched and the
 * legend names both series, so colour is never the only cue.
 */
export function MonthlyChart({ title, months: all, lang, id }: MonthlyChartProps) {
  const generated = useId();
  const prefix = `chart-${id ?? generated}`;
  const months = all.filter(moved);
  const max = Math.max(0, ...months.flatMap((m) => [drawable(m.income), drawable(m.spending)]));
  const severalYears = new Set(months.map((m) => m.month.slice(0, 4))).size > 1;
  const income = translate(lang, "ledger.chart.income");
  const spending = translate(lang, "ledger.chart.spending");
  const plotHeight = Math.max(1, months.length) * ROW;
  const height = TOP + plotHeight + LEGEND;
  const hatch = `url(#${prefix}-hatch)`;
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-labelledby={`${prefix}-title ${prefix}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        font-size={FONT}
      >
        <title id={`${prefix}-title`}>{title}</title>
        <desc id={`${prefix}-desc`}>{chartSummary(all, lang)}</desc>
        <defs>
          <pattern
            id={`${prefix}-hatch`}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="#ffffff" />
            <rect width="3" height="6" style={{ fill: SPENDING_FILL }} />
          </pattern>
        </defs>
        <line x1={LABEL} x2={LABEL} y1={TOP} y2={TOP + plotHeight} stroke="#50575e" />
        {months.length === 0 && (
          <text x={LABEL + 8} y={TOP + ROW / 2} fill="#50575e">
            {translate(lang, "ledger.chart.empty")}
          </text>
        )}
        {months.map((m, i) => {
          const y = TOP + i * ROW;
          const label = longMonth(m.month, lang);
          return (
            <g key={m.month} class="chart-month">
              <text x={LABEL - 6} y={y + BAR + 2} text-anchor="end" fill="#1d2327">
                {shortMonth(m.month, lang, severalYears)}
              </text>
              <Bar
                series="income"
                y={y}
                cents={m.income}
                max={max}
                fill={hatch}
                title={barLabel(lang, label, income, m.income)}
              />
              <Bar
                series="spending"
                y={y + BAR + GAP}
                cents={m.spending}
                max={max}
                fill={hatch}
                title={barLabel(lang, label, spending, m.spending)}
              />
            </g>
          );
        })}
        <g class="chart-legend" transform={`translate(${LABEL} ${height - LEGEND + 12})`}>
          <rect width="13" height="13" style={{ fill: INCOME_FILL }} />
          <text x="18" y="11" fill="#1d2327">
            {income}
          </text>
          <rect x="120" width="13" height="13" fill={hatch} style={{ stroke: SPENDING_FILL }} />
          <text x="138" y="11" fill="#1d2327">
            {spending}
          </text>
        </g>
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

/** Months in order, each run of months without movement gathered into one quiet stretch. */
export function foldQuiet(months: readonly MonthTotals[]) {
  const rows: ({ kind: "month"; month: MonthTotals } | { kind: "quiet"; from: string; to: string })[] = [];
  for (const m of months) {
    const last = rows[rows.length - 1];
    if (moved(m)) rows.push({ kind: "month", month: m });
    else if (last?.kind === "quiet") last.to = m.month;
    else rows.push({ kind: "quiet", from: m.month, to: m.month });
  }
  return rows;
}

function quietLabel(lang: Language, from: string, to: string): string {
  if (from === to) return translate(lang, "ledger.chart.quietMonth", { month: longMonth(from, lang) });
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return translate(lang, "ledger.chart.quiet", {
    from: sameYear
      ? dateFormat(lang, { month: "long", timeZone: "UTC" }).format(monthDate(from))
      : longMonth(from, lang),
    to: longMonth(to, lang),
  });
}

/**
 * The chart's figures as a table: month, income, spending and their difference, with totals; months
 * without movement are folded into one line ("mars – juin 2026 : aucun mouvement").
 */
export function MonthlyTable({ title, months, lang }: Omit<MonthlyChartProps, "id">) {
  const sum = totals(months);
  return (
    <table class="chart-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{translate(lang, "ledger.chart.month")}</th>
          <th scope="col" class="amount">
            {translate(lang, "ledger.chart.income")}
          </th>
          <th scope="col" class="amount">
            {translate(lang, "ledger.chart.spending")}
          </th>
          <th scope="col" class="amount">
            {translate(lang, "ledger.chart.balance")}
          </th>
        </tr>
      </thead>
      <tbody>
        {months.length === 0 ? (
          <tr>
            <td colSpan={4}>{translate(lang, "ledger.chart.empty")}</td>
          </tr>
        ) : (
          foldQuiet(months).map((row) =>
            row.kind === "quiet" ? (
              <tr key={row.from} class="quiet">
                <td colSpan={4}>{quietLabel(lang, row.from, row.to)}</td>
              </tr>
            ) : (
              <tr key={row.month.month}>
                <th scope="row">{longMonth(row.month.month, lang)}</th>
                <td class="amount">{fullAmount(row.month.income)}</td>
                <td class="amount">{fullAmount(row.month.spending)}</td>
                <td class="amount">{fullAmount(row.month.income - row.month.spending)}</td>
              </tr>
            ),
          )
        )}
      </tbody>
      {months.length > 0 && (
        <tfoot>
          <tr>
            <th scope="row">{translate(lang, "ledger.chart.total")}</th>
            <td class="amount">{fullAmount(sum.income)}</td>
            <td class="amount">{fullAmount(sum.spending)}</td>
            <td class="amount">{fullAmount(sum.income - sum.spending)}</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
