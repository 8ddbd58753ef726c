import { Field, Form } from "../../web/forms.tsx";
import { euros } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import type { TreasuryOverview } from "./service.ts";
import { Close, Envelopes, type FailedForm, stateOf, Transfers } from "./views-actions.tsx";

/** A debit or credit balance, as French bookkeeping reads it: "120,00 € débiteur". */
function Balance({ ctx, debits, credits }: { ctx: PageContext; debits: number; credits: number }) {
  const net = debits - credits;
  if (net === 0) return <>{euros(0)}</>;
  return (
    <>
      {ctx.t(net > 0 ? "treasury.balance.debit" : "treasury.balance.credit", {
        amount: euros(Math.abs(net)),
      })}
    </>
  );
}

const moved = (a: TreasuryOverview["accounts"][number]) =>
  a.debits + a.credits + a.pendingDebits + a.pendingCredits > 0;

/** The accounts that moved in a table; the chart's others only named, folded (a phone's page stays short). */
function Accounts({ ctx, data }: { ctx: PageContext; data: TreasuryOverview }) {
  const { t } = ctx;
  const quiet = data.accounts.filter((a) => !moved(a));
  return (
    <section aria-labelledby="comptes">
      <h2 id="comptes">{t("treasury.accounts")}</h2>
      {data.accounts.length === 0 ? (
        <p class="empty">{t("treasury.accounts.none")}</p>
      ) : (
        <TableScroll>
          <table>
            <caption>{t("treasury.accounts.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("treasury.account")}</th>
                <th scope="col">{t("treasury.kind")}</th>
                <th scope="col" class="amount">
                  {t("treasury.debits")}
                </th>
                <th scope="col" class="amount">
                  {t("treasury.credits")}
                </th>
                <th scope="col" class="amount">
                  {t("treasury.balance")}
                </th>
                <th scope="col" class="amount">
                  {t("treasury.pending")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.accounts.filter(moved).map((a) => (
                <tr key={a.code} data-account={a.code}>
                  <th scope="row">
                    {a.code} {a.label}
                  </th>
                  <td>{t(`treasury.kind.${a.kind}`)}</td>
                  <td class="amount">{euros(a.debits)}</td>
                  <td class="amount">{euros(a.credits)}</td>
                  <td class="amount">
                    <Balance ctx={ctx} debits={a.debits} credits={a.credits} />
                  </td>
                  <td class="amount">
                    {a.pendingDebits === 0 && a.pendingCredits === 0
                      ? "—"
                      : [
                          a.pendingDebits > 0 &&
                            t("treasury.pending.debit", { amount: euros(a.pendingDebits) }),
                          a.pendingCredits > 0 &&
                            t("treasury.pending.credit", { amount: euros(a.pendingCredits) }),
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {quiet.length > 0 && (
        <details class="quiet-accounts">
          <summary>{t("treasury.accounts.quiet", { count: quiet.length })}</summary>
          <ul>
            {quiet.map((a) => (
              <li key={a.code} data-account={a.code}>
                {a.code} {a.label}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function Siren({ ctx, data, failed }: { ctx: PageContext; data: TreasuryOverview; failed?: FailedForm }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="siren-titre" id="form-siren">
      <h2 id="siren-titre">{t("treasury.siren")}</h2>
      <p>{data.siren ? t("treasury.siren.set", { siren: data.siren }) : t("treasury.siren.unset")}</p>
      <Form ctx={ctx} action={urls.treasurySiren(data.space.slug)} state={stateOf(failed, "siren")}>
        <Field
          ctx={ctx}
          name="siren"
          label={t("field.siren")}
          hint={t("treasury.siren.hint")}
          value={data.siren}
          state={stateOf(failed, "siren")}
          maxLength={20}
          autocomplete="off"
        />
        <div>
          <button type="submit">{t("treasury.siren.submit")}</button>
        </div>
      </Form>
    </section>
  );
}

function Fec({ ctx, data }: { ctx: PageContext; data: TreasuryOverview }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="fec">
      <h2 id="fec">{t("treasury.fec")}</h2>
      <p>{t("treasury.fec.intro")}</p>
      {data.siren ? (
        <form method="get" action={urls.fec(data.space.slug)} class="row">
          <div class="field">
            <label for="fec-annee">{t("treasury.year")}</label>
            <select id="fec-annee" name="annee">
              {data.years.map((year) => (
                <option key={year} value={String(year)} selected={year === data.year}>
                  {year}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="primary">
            {t("treasury.fec.download")}
          </button>
        </form>
      ) : (
        <p class="notice">
          {t("treasury.fec.needsSiren")} <a href="#siren">{t("treasury.fec.setSiren")}</a>
        </p>
      )}
    </section>
  );
}

export function TreasuryView(props: {
  ctx: PageContext;
  data: TreasuryOverview;
  failed?: FailedForm;
  fundKey: string;
}) {
  const { ctx, data, failed } = props;
  const { t } = ctx;
  return (
    <article class="treasury">
      <header>
        <p class="kicker">
          <a href={urls.space(data.space.slug)}>{data.space.name}</a>
        </p>
        <h1>{t("treasury.title")}</h1>
        <p>{t("treasury.intro")}</p>
        <p>
          <a href={urls.transparency(data.space.slug)}>{t("treasury.transparencyLink")}</a> ·{" "}
          <a href={urls.treasuryCategories(data.space.slug)}>{t("treasury.categories.link")}</a>
        </p>
        {failed && (
          <p class="form-error">
            {t("treasury.refused")} <a href={`#form-${failed.form}`}>{t(`treasury.form.${failed.form}`)}</a>
          </p>
        )}
      </header>
      <Transfers ctx={ctx} data={data} />
      <Accounts ctx={ctx} data={data} />
      <Envelopes ctx={ctx} data={data} failed={failed} fundKey={props.fundKey} />
      <Siren ctx={ctx} data={data} failed={failed} />
      <Fec ctx={ctx} data={data} />
      <Close ctx={ctx} data={data} failed={failed} />
    </article>
  );
}

export function FecUnavailable({ ctx, slug, canSet }: { ctx: PageContext; slug: string; canSet: boolean }) {
  const { t } = ctx;
  return (
    <section class="error-page">
      <h1>{t("treasury.fec.unavailableTitle")}</h1>
      <p>{t("error.SIREN_MISSING")}</p>
      <p>
        {canSet ? (
          <a href={`${urls.treasury(slug)}#form-siren`}>{t("treasury.fec.setSiren")}</a>
        ) : (
          <a href={urls.transparency(slug)}>{t("treasury.transparencyLink")}</a>
        )}
      </p>
    </section>
  );
}
