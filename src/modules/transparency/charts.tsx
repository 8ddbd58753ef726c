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

// Geometry of the drawing, in SVG user units; the SVG scales to its box through its viewBox.
const HEIGHT = 260;
const TOP = 16;
const BOTTOM = 56; // month labels and the legend below the plot
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
const BAR = 18;
const GAP = 4; // between a month's two bars
const GROUP = 2 * BAR + GAP + 16; // one month, with its margin
const CHAR_WIDTH = 7; // of a 12-unit label, roughly: to leave room for the widest amount
const TICKS = 4;

const INCOME_FILL = "var(--chart-income, #1f6b3a)";
const SPENDING_FILL = "var(--chart-spending, #9a4a00)";

/** Euros for an axis: "1 200 €", or "12,50 €" when the step is not whole euros. */
function axisAmount(cents: number): string {
  const text = formatAmount(cents);
  return `${cents % 100 === 0 ? text.slice(0, -3) : text}\u00a0€`;
}

function fullAmount(cents: number): string {
  return `${formatAmount(cents)}\u00a0€`;
}

/** A drawable amount: negative, fractional or non-finite inputs would draw nonsense (or NaN). */
function drawable(cents: number): number {
  return Number.isFinite(cents) && cents > 0 ? Math.round(cents) : 0;
}

/** Gridline step and top of the axis: 1, 2 or 5 times a power of ten, in whole cents. */
export function axisScale(maxCents: number): { step: number; top: number } {
  const max = drawable(maxCents);
  if (max === 0) return { step: 0, top: 0 };
  const rough = max / TICKS;
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10;
  const step = Math.max(1, Math.round(nice * power));
  return { step, top: Math.ceil(max / step) * step };
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

/** Height of a bar: proportional to its amount, 0 when the axis has no height. */
function barHeight(cents: number, top: number): number {
  return top === 0 ? 0 : round2((drawable(cents) / top) * PLOT_HEIGHT);
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

/**
 * Income and spending per month as bars drawn on the server: an image for sighted readers, described
 * by its title and summary; the same figures are in `MonthlyTable` for everyone. Spending bars are
 * hatched and the legend names both series, so colour is never the only cue.
 */
export function MonthlyChart({ title, months, lang, id }: MonthlyChartProps) {
  const generated = useId();
  const prefix = `chart-${id ?? generated}`;
  const { step, top } = axisScale(Math.max(0, ...months.flatMap((m) => [m.income, m.spending])));
  const ticks = step === 0 ? [0] : Array.from({ length: top / step + 1 }, (_, i) => i * step);
  const left = 16 + CHAR_WIDTH * Math.max(...ticks.map((tick) => axisAmount(tick).length));
  const baseline = TOP + PLOT_HEIGHT;
  const y = (cents: number) => round2(baseline - barHeight(cents, top));
  const severalYears = new Set(months.map((m) => m.month.slice(0, 4))).size > 1;
  const income = translate(lang, "ledger.chart.income");
  const spending = translate(lang, "ledger.chart.spending");
  const secondLegend = 18 + CHAR_WIDTH * income.length + 24;
  const legendWidth = secondLegend + 18 + CHAR_WIDTH * spending.length;
  const width = Math.max(320, left + 8 + Math.max(months.length * GROUP, legendWidth) + 8);
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-labelledby={`${prefix}-title ${prefix}-desc`}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width={width}
        height={HEIGHT}
        style={{ maxWidth: "100%", height: "auto" }}
        font-size="12"
      >
        <title id={`${prefix}-title`}>{title}</title>
        <desc id={`${prefix}-desc`}>{chartSummary(months, lang)}</desc>
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
        <g class="chart-grid">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={left} x2={width - 8} y1={y(tick)} y2={y(tick)} stroke="#c8cfc6" />
              <text x={left - 6} y={y(tick) + 4} text-anchor="end" fill="#50575e">
                {axisAmount(tick)}
              </text>
            </g>
          ))}
        </g>
        {months.length === 0 && (
          <text x={left + 8} y={TOP + PLOT_HEIGHT / 2} fill="#50575e">
            {translate(lang, "ledger.chart.empty")}
          </text>
        )}
        {months.map((m, i) => {
          const x = left + 8 + i * GROUP;
          const label = longMonth(m.month, lang);
          return (
            <g key={m.month} class="chart-month">
              <rect
                class="chart-bar chart-income"
                x={x}
                y={y(m.income)}
                width={BAR}
                height={barHeight(m.income, top)}
                style={{ fill: INCOME_FILL }}
              >
                <title>{barLabel(lang, label, income, m.income)}</title>
              </rect>
              <rect
                class="chart-bar chart-spending"
                x={x + BAR + GAP}
                y={y(m.spending)}
                width={BAR}
                height={barHeight(m.spending, top)}
                fill={`url(#${prefix}-hatch)`}
                style={{ stroke: SPENDING_FILL }}
              >
                <title>{barLabel(lang, label, spending, m.spending)}</title>
              </rect>
              <text x={x + BAR + GAP / 2} y={baseline + 16} text-anchor="middle" fill="#1d2327">
                {shortMonth(m.month, lang, severalYears)}
              </text>
            </g>
          );
        })}
        <g class="chart-legend" transform={`translate(${left + 8} ${HEIGHT - 24})`}>
          <rect width="12" height="12" style={{ fill: INCOME_FILL }} />
          <text x="18" y="10" fill="#1d2327">
            {income}
          </text>
          <rect
            x={secondLegend}
            width="12"
            height="12"
            fill={`url(#${prefix}-hatch)`}
            style={{ stroke: SPENDING_FILL }}
          />
          <text x={secondLegend + 18} y="10" fill="#1d2327">
            {spending}
          </text>
        </g>
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

/** The chart's figures as a table: month, income, spending and their difference, with totals. */
export function MonthlyTable({ title, months, lang }: Omit<MonthlyChartProps, "id">) {
  const sum = totals(months);
  return (
    <table class="chart-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{translate(lang, "ledger.chart.month")}</th>
          <th scope="col">{translate(lang, "ledger.chart.income")}</th>
          <th scope="col">{translate(lang, "ledger.chart.spending")}</th>
          <th scope="col">{translate(lang, "ledger.chart.balance")}</th>
        </tr>
      </thead>
      <tbody>
        {months.length === 0 ? (
          <tr>
            <td colSpan={4}>{translate(lang, "ledger.chart.empty")}</td>
          </tr>
        ) : (
          months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{longMonth(m.month, lang)}</th>
              <td class="amount">{fullAmount(m.income)}</td>
              <td class="amount">{fullAmount(m.spending)}</td>
              <td class="amount">{fullAmount(m.income - m.spending)}</td>
            </tr>
          ))
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
