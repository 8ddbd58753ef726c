import { today } from "../../core/ledger.ts";
import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { TableScroll } from "../../web/tables.tsx";
import { urls } from "../../web/urls.ts";
import { DISPLAYS, DONATION_METHODS, type DonationRow } from "./service.ts";

/** Donations per page of the list. */
export const DONATIONS_PER_PAGE = 50;

export type Chamber = { id: string; slug: string; name: string };
export type Envelope = { code: string; label: string };

/** A message of a known family (`donations.source.bank`), or the raw value when there is none. */
function labelOf(ctx: PageContext, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  const text = ctx.t(key);
  return text === key ? value : text;
}

export function ChamberKicker({ ctx, space }: { ctx: PageContext; space: Chamber }) {
  return (
    <p class="kicker">
      <a href={urls.space(space.slug)}>{space.name}</a>
      {" · "}
      <a href={urls.donations(space.slug)}>{ctx.t("donations.tab")}</a>
    </p>
  );
}

function DonorCell({ ctx, row }: { ctx: PageContext; row: DonationRow }) {
  const { t } = ctx;
  const shown =
    row.display === "pseudonym"
      ? t("donations.shown.pseudonym", { pseudonym: row.pseudonym })
      : t(`donations.shown.${row.display === "name" ? "name" : "hidden"}`);
  return (
    <td>
      {row.donorName || <span class="empty">{t("donations.anonymous")}</span>}
      {row.donorEmail && (
        <>
          <br />
          <span class="hint">{row.donorEmail}</span>
        </>
      )}
      <br />
      <span class="hint">{shown}</span>
    </td>
  );
}

export function DonationListView(props: {
  ctx: PageContext;
  space: Chamber;
  rows: DonationRow[];
  total: number;
  page: number;
}) {
  const { ctx, space, rows, total, page } = props;
  const { t, lang } = ctx;
  const pages = Math.max(1, Math.ceil(total / DONATIONS_PER_PAGE));
  return (
    <article class="donations">
      <header>
        <p class="kicker">
          <a href={urls.space(space.slug)}>{space.name}</a>
        </p>
        <h1>{t("donations.title")}</h1>
        <p>{t("donations.intro")}</p>
      </header>
      <nav aria-label={t("donations.actions")}>
        <ul>
          <li>
            <a href={urls.newDonation(space.slug)}>{t("donations.new")}</a>
          </li>
          <li>
            <a href={urls.donationImport(space.slug)}>{t("donations.import")}</a>
          </li>
          <li>
            <a href={urls.transparency(space.slug)}>{t("donations.transparency")}</a>
          </li>
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p class="empty">{t("donations.none")}</p>
      ) : (
        <>
          <p>{t("donations.count", { count: total })}</p>
          <TableScroll>
            <table>
              <caption>{t("donations.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("donations.date")}</th>
                  <th scope="col" class="amount">
                    {t("donations.amount")}
                  </th>
                  <th scope="col">{t("donations.donor")}</th>
                  <th scope="col">{t("donations.source")}</th>
                  <th scope="col">{t("donations.method")}</th>
                  <th scope="col">{t("donations.envelope")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} class="donation" data-donation={row.id}>
                    <td>
                      <a href={urls.donation(space.slug, row.id)} title={t("donations.see")}>
                        <time datetime={row.date}>{shortDate(row.date, lang)}</time>
                      </a>
                    </td>
                    <td class="amount">{euros(row.amount)}</td>
                    <DonorCell ctx={ctx} row={row} />
                    <td>{labelOf(ctx, "donations.source", row.source)}</td>
                    <td>{labelOf(ctx, "donations.method", row.method)}</td>
                    <td>{row.envelopeCode ? `${row.envelopeCode} ${row.envelopeLabel ?? ""}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      {pages > 1 && (
        <nav aria-label={t("donations.pagination")} class="pagination">
          {page > 1 && (
            <a rel="prev" href={urls.donations(space.slug, page - 1)}>
              {t("donations.previous")}
            </a>
          )}
          <span>{t("donations.pageOf", { page, pages })}</span>
          {page < pages && (
            <a rel="next" href={urls.donations(space.slug, page + 1)}>
              {t("donations.next")}
            </a>
          )}
        </nav>
      )}
    </article>
  );
}

export function DonationFormView(props: {
  ctx: PageContext;
  space: Chamber;
  envelopes: Envelope[];
  idempotencyKey: string;
  state?: FormState;
}) {
  const { ctx, space, envelopes, state } = props;
  const { t } = ctx;
  const values = state?.values ?? {};
  const amountError = state?.errors.amount;
  return (
    <>
      <ChamberKicker ctx={ctx} space={space} />
      <h1>{t("donations.newTitle")}</h1>
      <p>{t("donations.newIntro")}</p>
      <Form ctx={ctx} action={urls.donations(space.slug)} state={state} class="stack narrow">
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
        <div class="field checkbox">
          <input
            type="checkbox"
            id="anonymous"
            name="anonymous"
            value="1"
            checked={values.anonymous === "1"}
          />
          <label for="anonymous">{t("donations.anonymousBox")}</label>
        </div>
        <Field
          ctx={ctx}
          name="donor.name"
          label={t("field.donor.name")}
          hint={t("donations.donorHint")}
          state={state}
          autocomplete="off"
          maxLength={120}
        />
        <Field
          ctx={ctx}
          name="donor.email"
          label={t("field.donor.email")}
          hint={t("donations.emailHint")}
          type="email"
          state={state}
          autocomplete="off"
          maxLength={200}
        />
        <FieldFrame
          ctx={ctx}
          id="display"
          label={t("field.display")}
          hint={t("donations.displayHint")}
          error={state?.errors.display}
        >
          {(control) => (
            <select {...control} name="display">
              {DISPLAYS.map((d) => (
                <option key={d} value={d} selected={d === (values.display ?? "hidden")}>
                  {t(`donations.display.${d}`)}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <Field
          ctx={ctx}
          name="pseudonym"
          label={t("field.pseudonym")}
          hint={t("donations.pseudonymHint")}
          state={state}
          autocomplete="off"
          maxLength={60}
        />
        <FieldFrame
          ctx={ctx}
          id="amount"
          label={t("field.amount")}
          hint={t("donations.amountHint")}
          error={amountError}
        >
          {(control) => (
            <input
              {...control}
              name="amount"
              type="text"
              inputMode="decimal"
              autocomplete="off"
              value={values.amount ?? ""}
              required
            />
          )}
        </FieldFrame>
        <Field
          ctx={ctx}
          name="date"
          type="date"
          label={t("field.date")}
          hint={t("donations.dateHint")}
          state={state}
          value={today()}
          required
        />
        <Select
          ctx={ctx}
          name="method"
          label={t("field.method")}
          state={state}
          value="transfer"
          options={DONATION_METHODS.map((m) => ({ value: m, label: t(`donations.method.${m}`) }))}
        />
        <Select
          ctx={ctx}
          name="envelope"
          label={t("field.envelope")}
          state={state}
          value=""
          options={[
            { value: "", label: t("donations.envelopeNone") },
            ...envelopes.map((e) => ({ value: e.code, label: `${e.code} — ${e.label}` })),
          ]}
        />
        <p>
          <button type="submit" class="primary">
            {t("donations.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}
