import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { FastifyInstance } from "fastify";
import { DomainError } from "../../core/errors.ts";
import { sendPage, view } from "../../web/http.ts";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { MonthlyChart, MonthlyTable, type MonthTotals } from "./charts.tsx";
import { chamberSiren } from "./settings.ts";
import * as store from "./transparency-store.ts";

/** The page lists this many transfers at most; the CSV has them all. */
export const LATEST_TRANSFERS = 200;

export interface TransparencyData {
  space: { slug: string; name: string };
  year: number;
  years: number[];
  envelopes: store.EnvelopeBalance[];
  months: MonthTotals[];
  categories: store.CategoryTotal[];
  transfers: store.PublicTransfer[];
  transferCount: number;
  /** The FEC is offered once the chamber has a SIREN (its file is named by it). */
  fecAvailable: boolean;
}

/** `annee` as asked: absent means the current year; anything but a four-digit year is refused (400). */
export function chosenYear(raw: unknown, today = new Date()): number {
  if (raw === undefined || raw === "") return today.getUTCFullYear();
  if (typeof raw !== "string" || !/^\d{4}$/.test(raw) || Number(raw) < 1900)
    throw new DomainError("BAD_REQUEST");
  return Number(raw);
}

/** Twelve months of the year, each with its income and spending (zero when nothing moved). */
export function yearMonths(year: number, totals: Awaited<ReturnType<typeof store.monthlyTotals>>) {
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, "0")}`;
    return { month, income: totals.income.get(month) ?? 0, spending: totals.spending.get(month) ?? 0 };
  });
}

/** Euros as a spreadsheet reads them: "1234,56", no thousands separator. */
function csvAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

/** A label a spreadsheet would run as a formula gets a leading `'`. */
function csvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function YearForm({ ctx, data }: { ctx: PageContext; data: TransparencyData }) {
  const { t } = ctx;
  return (
    <form method="get" action={`/espaces/${data.space.slug}/transparence`} class="year-form">
      <label for="annee">{t("transparency.year")}</label>{" "}
      <select id="annee" name="annee">
        {data.years.map((year) => (
          <option key={year} value={String(year)} selected={year === data.year}>
            {year}
          </option>
        ))}
      </select>{" "}
      <button type="submit">{t("transparency.show")}</button>
    </form>
  );
}

function Envelopes({ ctx, envelopes }: { ctx: PageContext; envelopes: store.EnvelopeBalance[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="enveloppes">
      <h2 id="enveloppes">{t("transparency.envelopes")}</h2>
      {envelopes.length === 0 ? (
        <p>{t("transparency.envelopes.none")}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t("transparency.envelopes.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("transparency.envelope")}</th>
                <th scope="col">{t("transparency.available")}</th>
              </tr>
            </thead>
            <tbody>
              {envelopes.map((e) => (
                <tr key={e.code} data-envelope={e.code}>
                  <th scope="row">{e.label}</th>
                  <td class="amount">{euros(e.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Categories({ ctx, data }: { ctx: PageContext; data: TransparencyData }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="categories">
      <h2 id="categories">{t("transparency.categories", { year: data.year })}</h2>
      {data.categories.length === 0 ? (
        <p>{t("ledger.chart.empty")}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t("transparency.categories.caption", { year: data.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("transparency.account")}</th>
                <th scope="col">{t("ledger.chart.income")}</th>
                <th scope="col">{t("ledger.chart.spending")}</th>
              </tr>
            </thead>
            <tbody>
              {data.categories.map((c) => (
                <tr key={`${c.side}-${c.code}`} data-category={c.code}>
                  <th scope="row">
                    {c.code} {c.label}
                  </th>
                  <td class="amount">{c.side === "income" ? euros(c.amount) : ""}</td>
                  <td class="amount">{c.side === "spending" ? euros(c.amount) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Transfers({ ctx, data, csv }: { ctx: PageContext; data: TransparencyData; csv: string }) {
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="mouvements">
      <h2 id="mouvements">{t("transparency.transfers", { year: data.year })}</h2>
      {data.transferCount > data.transfers.length && (
        <p>
          {t("transparency.transfers.latest", { shown: data.transfers.length, total: data.transferCount })}{" "}
          <a href={csv}>{t("transparency.transfers.seeCsv")}</a>
        </p>
      )}
      {data.transfers.length === 0 ? (
        <p>{t("ledger.chart.empty")}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("transparency.date")}</th>
                <th scope="col">{t("transparency.label")}</th>
                <th scope="col">{t("transparency.amount")}</th>
                <th scope="col">{t("transparency.accounts")}</th>
              </tr>
            </thead>
            <tbody>
              {data.transfers.map((m) => (
                <tr key={m.id} class="transfer">
                  <td>
                    <time datetime={m.date}>{shortDate(m.date, lang)}</time>
                  </td>
                  <td>{m.label}</td>
                  <td class="amount">{euros(m.amount)}</td>
                  <td>
                    {t("transparency.debit", { account: `${m.debitCode} ${m.debitLabel}` })}
                    <br />
                    {t("transparency.credit", { account: `${m.creditCode} ${m.creditLabel}` })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function TransparencyView({ ctx, data }: { ctx: PageContext; data: TransparencyData }) {
  const { t, lang } = ctx;
  const base = `/espaces/${data.space.slug}`;
  const csv = `${base}/transparence/mouvements-${data.year}.csv`;
  return (
    <article class="transparency">
      <header>
        <p class="kicker">
          <a href={base}>{data.space.name}</a>
        </p>
        <h1>{t("transparency.title", { year: data.year })}</h1>
        <p>{t("transparency.intro")}</p>
        <YearForm ctx={ctx} data={data} />
      </header>
      <Envelopes ctx={ctx} envelopes={data.envelopes} />
      <section aria-labelledby="par-mois">
        <h2 id="par-mois">{t("transparency.monthly", { year: data.year })}</h2>
        <MonthlyChart
          title={t("transparency.monthly", { year: data.year })}
          months={data.months}
          lang={lang}
        />
        <div class="table-scroll">
          <MonthlyTable
            title={t("transparency.monthly", { year: data.year })}
            months={data.months}
            lang={lang}
          />
        </div>
      </section>
      <Categories ctx={ctx} data={data} />
      <Transfers ctx={ctx} data={data} csv={csv} />
      <section aria-labelledby="telechargements">
        <h2 id="telechargements">{t("transparency.downloads")}</h2>
        <ul>
          <li>
            <a href={csv} download>
              {t("transparency.csv", { year: data.year })}
            </a>
          </li>
          {data.fecAvailable && (
            <li>
              <a href={`${base}/comptabilite/fec?annee=${data.year}`}>
                {t("transparency.fec", { year: data.year })}
              </a>
            </li>
          )}
        </ul>
      </section>
    </article>
  );
}

const CSV_COLUMNS = [
  { key: "date", header: "date" },
  { key: "label", header: "libelle" },
  { key: "amount", header: "montant" },
  { key: "debitCode", header: "compte_debite" },
  { key: "debitLabel", header: "intitule_debite" },
  { key: "creditCode", header: "compte_credite" },
  { key: "creditLabel", header: "intitule_credite" },
];

/** The public transparency page of a chamber and its CSV of transfers. */
export async function transparencyRoutes(app: FastifyInstance): Promise<void> {
  const { ledger } = app.communs;
  const db = app.communs.db.kysely;

  const chamberOf = ledger.chamber;

  async function load(slug: string, year: number): Promise<TransparencyData> {
    const space = await chamberOf(slug);
    const [years, envelopes, monthly, categories, transfers, transferCount, siren] = await Promise.all([
      store.transferYears(db, space.id),
      store.envelopeBalances(db, space.id),
      store.monthlyTotals(db, space.id, year),
      store.categoryTotals(db, space.id, year),
      store.latestTransfers(db, space.id, year, LATEST_TRANSFERS),
      store.countTransfers(db, space.id, year),
      chamberSiren(db, space.id),
    ]);
    return {
      space: { slug: space.slug, name: space.name },
      year,
      years: [...new Set([year, new Date().getUTCFullYear(), ...years])].sort((a, b) => b - a),
      envelopes,
      months: yearMonths(year, monthly),
      categories,
      transfers,
      transferCount,
      fecAvailable: siren !== "",
    };
  }

  app.get<{ Params: { slug: string }; Querystring: { annee?: string } }>(
    "/espaces/:slug/transparence",
    async (request, reply) => {
      const year = chosenYear(request.query.annee);
      const data = await load(request.params.slug, year);
      const ctx = view(request, reply);
      return sendPage(
        reply,
        ctx,
        `${ctx.t("transparency.title", { year })} · ${data.space.name}`,
        <TransparencyView ctx={ctx} data={data} />,
      );
    },
  );

  app.get<{ Params: { slug: string; year: string } }>(
    "/espaces/:slug/transparence/mouvements-:year.csv",
    async (request, reply) => {
      const year = chosenYear(request.params.year);
      const space = await chamberOf(request.params.slug);
      async function* records() {
        for await (const m of store.allTransfers(db, space.id, year))
          yield {
            ...m,
            label: csvText(m.label),
            debitLabel: csvText(m.debitLabel),
            creditLabel: csvText(m.creditLabel),
            amount: csvAmount(m.amount),
          };
      }
      const csv = stringify({
        delimiter: ";",
        bom: true,
        header: true,
        record_delimiter: "\r\n",
        columns: CSV_COLUMNS,
      });
      pipeline(Readable.from(records()), csv, (error) => {
        if (error) request.log.error({ err: error }, "transparency CSV cut short");
      });
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="mouvements-${space.slug}-${year}.csv"`)
        .send(csv);
    },
  );
}
