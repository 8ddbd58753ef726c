import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import type { EnvelopeBalance } from "../ledger/service.ts";
import { MonthlyChart, MonthlyTable } from "./charts.tsx";
import type { TransparencyData } from "./service.ts";

function YearForm({ ctx, data }: { ctx: PageContext; data: TransparencyData }) {
  const { t } = ctx;
  return (
    <form method="get" action={urls.transparency(data.space.slug)} class="year-form">
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

/** Balance now, received and spent in the year: what a visitor asks first. */
function Headline({ ctx, data }: { ctx: PageContext; data: TransparencyData }) {
  const { t } = ctx;
  const figures = [
    { key: "balance", label: t("transparency.headline.balance"), amount: data.headline.balance },
    {
      key: "received",
      label: t("transparency.headline.received", { year: data.year }),
      amount: data.headline.received,
    },
    {
      key: "spent",
      label: t("transparency.headline.spent", { year: data.year }),
      amount: data.headline.spent,
    },
  ];
  return (
    <section aria-labelledby="en-bref">
      <h2 id="en-bref" class="visually-hidden">
        {t("transparency.headline")}
      </h2>
      <dl class="headline">
        {figures.map((f) => (
          <div key={f.key} data-headline={f.key}>
            <dt>{f.label}</dt>
            <dd class="amount">{euros(f.amount)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Envelopes({ ctx, envelopes }: { ctx: PageContext; envelopes: EnvelopeBalance[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="enveloppes">
      <h2 id="enveloppes">{t("transparency.envelopes")}</h2>
      {envelopes.length === 0 ? (
        <p>{t("transparency.envelopes.none")}</p>
      ) : (
        <TableScroll>
          <table>
            <caption>{t("transparency.envelopes.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("transparency.envelope")}</th>
                <th scope="col" class="amount">
                  {t("transparency.available")}
                </th>
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
        </TableScroll>
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
        <TableScroll>
          <table>
            <caption>{t("transparency.categories.caption", { year: data.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("transparency.account")}</th>
                <th scope="col" class="amount">
                  {t("ledger.chart.income")}
                </th>
                <th scope="col" class="amount">
                  {t("ledger.chart.spending")}
                </th>
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
        </TableScroll>
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
        <TableScroll>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("transparency.date")}</th>
                <th scope="col">{t("transparency.label")}</th>
                <th scope="col" class="amount">
                  {t("transparency.amount")}
                </th>
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
        </TableScroll>
      )}
    </section>
  );
}

export function TransparencyView({ ctx, data }: { ctx: PageContext; data: TransparencyData }) {
  const { t, lang } = ctx;
  const csv = urls.transparencyCsv(data.space.slug, data.year);
  return (
    <article class="transparency">
      <header>
        <p class="kicker">
          <a href={urls.space(data.space.slug)}>{data.space.name}</a>
        </p>
        <h1>{t("transparency.title", { year: data.year })}</h1>
        <p>{t("transparency.intro")}</p>
        <YearForm ctx={ctx} data={data} />
      </header>
      <Headline ctx={ctx} data={data} />
      <Envelopes ctx={ctx} envelopes={data.envelopes} />
      <section aria-labelledby="par-mois">
        <h2 id="par-mois">{t("transparency.monthly", { year: data.year })}</h2>
        <MonthlyChart
          title={t("transparency.monthly", { year: data.year })}
          months={data.months}
          lang={lang}
        />
        <TableScroll>
          <MonthlyTable
            title={t("transparency.monthly", { year: data.year })}
            months={data.months}
            lang={lang}
          />
        </TableScroll>
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
              <a href={urls.fec(data.space.slug, data.year)}>{t("transparency.fec", { year: data.year })}</a>
            </li>
          )}
        </ul>
      </section>
    </article>
  );
}
