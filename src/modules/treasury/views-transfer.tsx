import { today } from "../../core/ledger.ts";
import { Field, Form, type FormState } from "../../web/forms.tsx";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import type { TransferDetail } from "./service.ts";
import { Refusal } from "./views-actions.tsx";

// A transfer's own page for the treasurer: its lines, who booked it, what it books, and its correction.

export interface TransferPageData {
  space: { slug: string; name: string };
  transfer: TransferDetail;
}

function Lines({ ctx, transfer: m }: { ctx: PageContext; transfer: TransferDetail }) {
  const { t } = ctx;
  return (
    <TableScroll>
      <table>
        <caption>{t("treasury.transferPage.lines")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("treasury.account")}</th>
            <th scope="col" class="amount">
              {t("treasury.debits")}
            </th>
            <th scope="col" class="amount">
              {t("treasury.credits")}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">
              {m.debitCode} {m.debitLabel}
            </th>
            <td class="amount">{euros(m.amount)}</td>
            <td class="amount" />
          </tr>
          <tr>
            <th scope="row">
              {m.creditCode} {m.creditLabel}
            </th>
            <td class="amount" />
            <td class="amount">{euros(m.amount)}</td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Where the transfer comes from: a claim's page (with its receipts), a gift, or nothing. */
function Source({ ctx, slug, transfer: m }: { ctx: PageContext; slug: string; transfer: TransferDetail }) {
  const { t } = ctx;
  if (m.source?.type === "expenseClaim")
    return <a href={urls.claim(slug, m.source.id)}>{t("treasury.transferPage.claim")}</a>;
  if (m.donationId)
    return <a href={urls.donation(slug, m.donationId)}>{t("treasury.transferPage.donation")}</a>;
  if (m.source?.type === "donation") return <>{t("treasury.transferPage.donation")}</>;
  return <>{t("treasury.transferPage.manual")}</>;
}

/** Why the transfer cannot be corrected here, or the reversal form; a refusal shows above either. */
function Correction(props: { ctx: PageContext; slug: string; transfer: TransferDetail; state?: FormState }) {
  const { ctx, slug, transfer: m, state } = props;
  const { t } = ctx;
  const why = m.reversalId ? (
    <p>
      {t("treasury.transfer.reversed")}{" "}
      <a href={urls.treasuryTransfer(slug, m.reversalId)}>{t("treasury.transferPage.seeReversal")}</a>
    </p>
  ) : m.reversesId ? (
    <p>
      {t("treasury.transfer.isReversal")}{" "}
      <a href={urls.treasuryTransfer(slug, m.reversesId)}>{t("treasury.transferPage.seeReversed")}</a>
    </p>
  ) : m.status !== "posted" ? (
    <p class="meta">{t("treasury.transferPage.notPosted")}</p>
  ) : m.yearClosed ? (
    <p class="meta">{t("treasury.transfer.yearClosed")}</p>
  ) : undefined;
  if (why)
    return (
      <>
        <Refusal state={state} />
        {why}
      </>
    );
  return (
    <Form ctx={ctx} action={urls.treasuryReverse(slug, m.id)} state={state}>
      <Field
        ctx={ctx}
        name="reverseDate"
        type="date"
        label={t("field.reverseDate")}
        value={today()}
        state={state}
        required
      />
      <div>
        <button type="submit" class="danger">
          {t("treasury.reverse.submit")}
        </button>
      </div>
    </Form>
  );
}

export function TransferView({
  ctx,
  data,
  state,
}: {
  ctx: PageContext;
  data: TransferPageData;
  state?: FormState;
}) {
  const { t, lang } = ctx;
  const { space, transfer: m } = data;
  return (
    <article class="transfer-page">
      <header>
        <p class="kicker">
          <a href={urls.treasury(space.slug)}>{t("treasury.title")}</a> · {space.name}
        </p>
        <h1>{m.label}</h1>
        <p class="lead">
          <time datetime={m.date}>{shortDate(m.date, lang)}</time> · <strong>{euros(m.amount)}</strong>
        </p>
      </header>
      <Lines ctx={ctx} transfer={m} />
      <dl class="properties">
        <dt>{t("treasury.transfers.journal")}</dt>
        <dd>{t(`treasury.journal.${m.journal}`)}</dd>
        <dt>{t("treasury.transferPage.status")}</dt>
        <dd>{t(`treasury.transferPage.status.${m.status}`)}</dd>
        {m.pieceRef && (
          <>
            <dt>{t("treasury.transferPage.piece")}</dt>
            <dd>{m.pieceRef}</dd>
          </>
        )}
        <dt>{t("treasury.transferPage.source")}</dt>
        <dd>
          <Source ctx={ctx} slug={space.slug} transfer={m} />
        </dd>
        <dt>{t("treasury.transferPage.bookedBy")}</dt>
        <dd>{m.bookedBy ?? t("treasury.transferPage.unknown")}</dd>
        <dt>{t("treasury.transferPage.bookedAt")}</dt>
        <dd>{shortDate(m.createdAt, lang)}</dd>
      </dl>
      <section aria-labelledby="correction" id="form-reverse">
        <h2 id="correction">{t("treasury.form.reverse")}</h2>
        <p>{t("treasury.transfers.intro")}</p>
        <Correction ctx={ctx} slug={space.slug} transfer={m} state={state} />
      </section>
    </article>
  );
}
