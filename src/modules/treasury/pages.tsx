import { PassThrough } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError, type ErrorCode } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { today } from "../../core/ledger.ts";
import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { field, keptValues, redirectWithFlash, requirePerson, sendPage, view } from "../../web/http.ts";
import { fieldMessage } from "../../web/i18n.ts";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { checkFecOptions, type FecOptions, writeFec } from "./fec.ts";
import { chamberSiren, type TreasuryOverview, type TreasuryTransfer } from "./settings.ts";
import { chosenYear } from "./transparency.tsx";

/** The forms of the treasurer's page, each in its own section (`#form-<name>`). */
export type TreasuryForm = "envelope" | "fund" | "siren" | "close" | "reverse";

export interface FailedForm {
  form: TreasuryForm;
  state: FormState;
  /** The transfer whose correction was refused. */
  transferId?: string;
}

/** What the page's idempotency keys look like (a refused form keeps its own key, nothing else). */
const FORM_KEY = /^[0-9a-f-]{36}$/;

/** Failures that are not about what was typed: the error page answers them, not the form. */
const NOT_THE_FORMS = new Set<ErrorCode>([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "SPACE_NOT_FOUND",
  "MEMBERSHIP_NOT_FOUND",
  "TRANSFER_NOT_FOUND",
]);

function pageUrl(slug: string, year?: number): string {
  const base = `/espaces/${slug}/comptabilite`;
  return year === undefined || year === new Date().getUTCFullYear() ? base : `${base}?annee=${year}`;
}

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

function Accounts({ ctx, data }: { ctx: PageContext; data: TreasuryOverview }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="comptes">
      <h2 id="comptes">{t("treasury.accounts")}</h2>
      {data.accounts.length === 0 ? (
        <p class="empty">{t("treasury.accounts.none")}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t("treasury.accounts.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("treasury.account")}</th>
                <th scope="col">{t("treasury.kind")}</th>
                <th scope="col">{t("treasury.debits")}</th>
                <th scope="col">{t("treasury.credits")}</th>
                <th scope="col">{t("treasury.balance")}</th>
                <th scope="col">{t("treasury.pending")}</th>
              </tr>
            </thead>
            <tbody>
              {data.accounts.map((a) => (
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
        </div>
      )}
    </section>
  );
}

/** A refusal where the form it came from is no longer offered (the year closed, the transfer reversed). */
function Refusal({ state }: { state: FormState | undefined }) {
  if (!state?.message) return null;
  return (
    <div class="form-error" role="alert">
      <p>{state.message}</p>
    </div>
  );
}

function stateOf(failed: FailedForm | undefined, form: TreasuryForm): FormState | undefined {
  return failed?.form === form ? failed.state : undefined;
}

function Envelopes(props: {
  ctx: PageContext;
  data: TreasuryOverview;
  failed?: FailedForm;
  fundKey: string;
}) {
  const { ctx, data, failed } = props;
  const { t } = ctx;
  const action = `/espaces/${data.space.slug}/comptabilite`;
  return (
    <section aria-labelledby="enveloppes">
      <h2 id="enveloppes">{t("treasury.envelopes")}</h2>
      {data.envelopes.length === 0 ? (
        <p class="empty">{t("treasury.envelopes.none")}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t("treasury.envelopes.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("treasury.envelope")}</th>
                <th scope="col">{t("treasury.available")}</th>
              </tr>
            </thead>
            <tbody>
              {data.envelopes.map((e) => (
                <tr key={e.code} data-envelope={e.code}>
                  <th scope="row">
                    {e.label} <span class="meta">({e.code})</span>
                  </th>
                  <td class="amount">{euros(e.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.envelopes.length > 0 && (
        <div class="panel" id="form-fund">
          <h3>{t("treasury.fund.title")}</h3>
          <p class="hint">{t("treasury.fund.intro")}</p>
          <Form ctx={ctx} action={`${action}/dotations`} state={stateOf(failed, "fund")}>
            <input type="hidden" name="idempotencyKey" value={props.fundKey} />
            <Select
              ctx={ctx}
              name="fundEnvelope"
              label={t("field.fundEnvelope")}
              options={data.envelopes.map((e) => ({ value: e.code, label: `${e.label} (${e.code})` }))}
              state={stateOf(failed, "fund")}
            />
            <Field
              ctx={ctx}
              name="fundAmount"
              label={t("field.fundAmount")}
              hint={t("treasury.amountHint")}
              state={stateOf(failed, "fund")}
              maxLength={20}
              required
            />
            <Field
              ctx={ctx}
              name="fundDate"
              type="date"
              label={t("field.fundDate")}
              value={today()}
              state={stateOf(failed, "fund")}
              required
            />
            <div>
              <button type="submit" class="primary">
                {t("treasury.fund.submit")}
              </button>
            </div>
          </Form>
        </div>
      )}
      <div class="panel" id="form-envelope">
        <h3>{t("treasury.envelope.title")}</h3>
        <Form ctx={ctx} action={`${action}/enveloppes`} state={stateOf(failed, "envelope")}>
          <Field
            ctx={ctx}
            name="envelopeCode"
            label={t("field.envelopeCode")}
            hint={t("treasury.envelope.codeHint")}
            state={stateOf(failed, "envelope")}
            maxLength={40}
            required
          />
          <Field
            ctx={ctx}
            name="envelopeLabel"
            label={t("field.envelopeLabel")}
            hint={t("treasury.envelope.labelHint")}
            state={stateOf(failed, "envelope")}
            maxLength={120}
            required
          />
          <div>
            <button type="submit">{t("treasury.envelope.submit")}</button>
          </div>
        </Form>
      </div>
    </section>
  );
}

function Siren({ ctx, data, failed }: { ctx: PageContext; data: TreasuryOverview; failed?: FailedForm }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="siren-titre" id="form-siren">
      <h2 id="siren-titre">{t("treasury.siren")}</h2>
      <p>{data.siren ? t("treasury.siren.set", { siren: data.siren }) : t("treasury.siren.unset")}</p>
      <Form
        ctx={ctx}
        action={`/espaces/${data.space.slug}/comptabilite/siren`}
        state={stateOf(failed, "siren")}
      >
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
        <form method="get" action={`/espaces/${data.space.slug}/comptabilite/fec`} class="row">
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

function Close({ ctx, data, failed }: { ctx: PageContext; data: TreasuryOverview; failed?: FailedForm }) {
  const { t } = ctx;
  const state = stateOf(failed, "close");
  const confirmError = state?.errors.closeConfirm;
  return (
    <section aria-labelledby="cloture" id="form-close">
      <h2 id="cloture">{t("treasury.close")}</h2>
      <p>{t("treasury.close.intro")}</p>
      {data.closedYears.length > 0 && (
        <p>{t("treasury.close.closed", { years: data.closedYears.join(", ") })}</p>
      )}
      {data.closableYears.length === 0 ? (
        <>
          <Refusal state={state} />
          <p class="empty">{t("treasury.close.none")}</p>
        </>
      ) : (
        <Form ctx={ctx} action={`/espaces/${data.space.slug}/comptabilite/cloture`} state={state}>
          <Select
            ctx={ctx}
            name="closeYear"
            label={t("field.closeYear")}
            options={data.closableYears.map((y) => ({ value: String(y), label: String(y) }))}
            state={state}
          />
          <div class={confirmError ? "field checkbox has-error" : "field checkbox"}>
            <input
              type="checkbox"
              id="closeConfirm"
              name="closeConfirm"
              value="1"
              aria-invalid={confirmError ? "true" : undefined}
              aria-describedby={confirmError ? "closeConfirm-error" : undefined}
            />
            <label for="closeConfirm">{t("field.closeConfirm")}</label>
          </div>
          {confirmError && (
            <p class="error" id="closeConfirm-error">
              {fieldMessage(ctx.lang, confirmError)}
            </p>
          )}
          <div>
            <button type="submit" class="danger">
              {t("treasury.close.submit")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}

function TransferItem(props: {
  ctx: PageContext;
  data: TreasuryOverview;
  transfer: TreasuryTransfer;
  failed?: FailedForm;
}) {
  const { ctx, data, transfer: m } = props;
  const { t, lang } = ctx;
  const closed = data.closedYears.includes(Number(m.date.slice(0, 4)));
  const id = `reverseDate-${m.id}`;
  const failed =
    props.failed?.form === "reverse" && props.failed.transferId === m.id ? props.failed : undefined;
  const state: FormState | undefined = failed && {
    values: failed.state.values,
    message: failed.state.message,
    errors: Object.fromEntries(
      Object.entries(failed.state.errors).map(([name, message]) => [
        name === "reverseDate" ? id : name,
        message,
      ]),
    ),
  };
  return (
    <li class="transfer" data-transfer={m.id}>
      <p>
        <time datetime={m.date}>{shortDate(m.date, lang)}</time> · <strong>{m.label}</strong> ·{" "}
        {euros(m.amount)}
      </p>
      <p class="meta">
        {t("transparency.debit", { account: `${m.debitCode} ${m.debitLabel}` })} ·{" "}
        {t("transparency.credit", { account: `${m.creditCode} ${m.creditLabel}` })} ·{" "}
        {t("treasury.journal", { journal: m.journal })}
      </p>
      {(m.isReversal || m.reversed || closed) && <Refusal state={state} />}
      {m.isReversal ? (
        <p class="meta">{t("treasury.transfer.isReversal")}</p>
      ) : m.reversed ? (
        <p class="meta">{t("treasury.transfer.reversed")}</p>
      ) : closed ? (
        <p class="meta">{t("treasury.transfer.yearClosed")}</p>
      ) : (
        <Form
          ctx={ctx}
          action={`/espaces/${data.space.slug}/comptabilite/mouvements/${m.id}/contre-passer`}
          state={state}
          class="row"
        >
          <input type="hidden" name="annee" value={String(data.year)} />
          <FieldFrame ctx={ctx} id={id} label={t("field.reverseDate")} error={state?.errors[id]}>
            {(control) => (
              <input
                {...control}
                type="date"
                name="reverseDate"
                value={state?.values.reverseDate ?? today()}
              />
            )}
          </FieldFrame>
          <button type="submit">
            {t("treasury.reverse.submit")}
            <span class="visually-hidden"> — {m.label}</span>
          </button>
        </Form>
      )}
    </li>
  );
}

function Transfers({ ctx, data, failed }: { ctx: PageContext; data: TreasuryOverview; failed?: FailedForm }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="mouvements" id="form-reverse">
      <h2 id="mouvements">{t("treasury.transfers", { year: data.year })}</h2>
      <form method="get" action={`/espaces/${data.space.slug}/comptabilite`} class="row">
        <div class="field">
          <label for="annee">{t("treasury.year")}</label>
          <select id="annee" name="annee">
            {data.years.map((year) => (
              <option key={year} value={String(year)} selected={year === data.year}>
                {year}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("treasury.show")}</button>
      </form>
      <p>{t("treasury.transfers.intro")}</p>
      {data.transfers.length === 0 ? (
        <p class="empty">{t("ledger.chart.empty")}</p>
      ) : (
        <ul class="members">
          {data.transfers.map((m) => (
            <TransferItem key={m.id} ctx={ctx} data={data} transfer={m} failed={failed} />
          ))}
        </ul>
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
  const base = `/espaces/${data.space.slug}`;
  return (
    <article class="treasury">
      <header>
        <p class="kicker">
          <a href={base}>{data.space.name}</a>
        </p>
        <h1>{t("treasury.title")}</h1>
        <p>{t("treasury.intro")}</p>
        <p>
          <a href={`${base}/transparence`}>{t("treasury.transparencyLink")}</a>
        </p>
        {failed && (
          <p class="form-error">
            {t("treasury.refused")} <a href={`#form-${failed.form}`}>{t(`treasury.form.${failed.form}`)}</a>
          </p>
        )}
      </header>
      <Accounts ctx={ctx} data={data} />
      <Envelopes ctx={ctx} data={data} failed={failed} fundKey={props.fundKey} />
      <Transfers ctx={ctx} data={data} failed={failed} />
      <Siren ctx={ctx} data={data} failed={failed} />
      <Fec ctx={ctx} data={data} />
      <Close ctx={ctx} data={data} failed={failed} />
    </article>
  );
}

function FecUnavailable({ ctx, slug, canSet }: { ctx: PageContext; slug: string; canSet: boolean }) {
  const { t } = ctx;
  return (
    <section class="error-page">
      <h1>{t("treasury.fec.unavailableTitle")}</h1>
      <p>{t("error.SIREN_MISSING")}</p>
      <p>
        {canSet ? (
          <a href={`/espaces/${slug}/comptabilite#form-siren`}>{t("treasury.fec.setSiren")}</a>
        ) : (
          <a href={`/espaces/${slug}/transparence`}>{t("treasury.transparencyLink")}</a>
        )}
      </p>
    </section>
  );
}

/**
 * The FEC's way to the client. Once the client is gone, the writer's next write throws (and a wait
 * for "drain" ends), so an abandoned download stops reading the database instead of waiting forever.
 */
class FecOutlet extends PassThrough {
  private gone = false;

  leave(): void {
    this.gone = true;
    this.emit("drain");
  }

  override write(chunk: Buffer): boolean {
    if (this.gone) throw new Error("FEC download abandoned by the client");
    return super.write(chunk);
  }
}

/** Streams a year's FEC (ISO 8859-15, CRLF) as an attachment named `<SIREN>FEC<AAAA>1231.txt`. */
export function sendFec(request: FastifyRequest, reply: FastifyReply, options: FecOptions): FastifyReply {
  const { fileName } = checkFecOptions(options);
  const { db } = request.server.communs;
  const outlet = new FecOutlet();
  let finished = false;
  reply.raw.on("close", () => {
    if (!finished) outlet.leave();
  });
  writeFec(db.kysely, db.dialect, options, outlet).then(
    () => {
      finished = true;
      outlet.end();
    },
    (error: unknown) => {
      finished = true;
      if (outlet.destroyed || !reply.raw.writable) request.log.info("FEC download abandoned");
      else request.log.error({ err: error }, "FEC cut short");
      outlet.destroy();
    },
  );
  return reply
    .type("text/plain; charset=iso-8859-15")
    .header("content-disposition", `attachment; filename="${fileName}"`)
    .header("cache-control", "no-store")
    .send(outlet);
}

/**
 * The treasurer's bookkeeping page of a chamber (accounts, envelopes, SIREN, FEC, year close,
 * corrections) and the FEC download, public once the chamber has a SIREN.
 */
export async function treasuryRoutes(app: FastifyInstance): Promise<void> {
  const { ledger } = app.communs;
  const { treasury } = app.communs;

  async function showPage(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    year: number,
    failed?: FailedForm,
    status = 200,
  ) {
    const person = requirePerson(request);
    const data = await treasury.overview(person, slug, year);
    const ctx = view(request, reply);
    const kept = failed?.form === "fund" ? (failed.state.values.idempotencyKey ?? "") : "";
    const title = `${ctx.t("treasury.title")} · ${data.space.name}`;
    return sendPage(
      reply,
      ctx,
      failed ? `${ctx.t("form.errorTitle")} ${title}` : title,
      <TreasuryView ctx={ctx} data={data} failed={failed} fundKey={FORM_KEY.test(kept) ? kept : newId()} />,
      status,
    );
  }

  /** The year a form came from (its hidden `annee`), or the current one. */
  function yearOf(body: unknown): number {
    const raw = field(body, "annee");
    return /^\d{4}$/.test(raw) ? Number(raw) : new Date().getUTCFullYear();
  }

  type Done = { key: string; params?: Record<string, string | number> };

  /** A form of the page: done, back to the page with a message; refused, the page again with it. */
  type FormRequest = FastifyRequest<{ Params: { slug: string; id?: string } }>;
  function action(path: string, form: TreasuryForm, run: (request: FormRequest) => Promise<Done>) {
    app.post<{ Params: { slug: string; id?: string } }>(
      `/espaces/:slug/comptabilite/${path}`,
      async (request, reply) => {
        requirePerson(request);
        const { slug } = request.params;
        const year = yearOf(request.body);
        try {
          const done = await run(request);
          return redirectWithFlash(reply, pageUrl(slug, year), done.key, done.params);
        } catch (error) {
          if (!(error instanceof DomainError) || NOT_THE_FORMS.has(error.code)) throw error;
          const failed: FailedForm = {
            form,
            transferId: request.params.id,
            state: {
              values: keptValues(request.body),
              errors: error.fields,
              message: request.t(`error.${error.code}`),
            },
          };
          return showPage(request, reply, slug, year, failed, error.status);
        }
      },
    );
  }

  app.get<{ Params: { slug: string }; Querystring: { annee?: string } }>(
    "/espaces/:slug/comptabilite",
    async (request, reply) => {
      requirePerson(request);
      return showPage(request, reply, request.params.slug, chosenYear(request.query.annee));
    },
  );

  action("enveloppes", "envelope", async (request) => {
    const { code } = await treasury.createEnvelope(request.person, request.params.slug, {
      code: field(request.body, "envelopeCode"),
      label: field(request.body, "envelopeLabel"),
    });
    return { key: "treasury.envelope.created", params: { code } };
  });

  action("dotations", "fund", async (request) => {
    const { transfer, replayed } = await treasury.fundEnvelope(request.person, request.params.slug, {
      envelope: field(request.body, "fundEnvelope"),
      amount: field(request.body, "fundAmount"),
      date: field(request.body, "fundDate"),
      idempotencyKey: field(request.body, "idempotencyKey"),
    });
    return {
      key: replayed ? "treasury.fund.replayed" : "treasury.fund.done",
      params: { amount: euros(Number(transfer.amount)) },
    };
  });

  action("siren", "siren", async (request) => {
    const { siren } = await treasury.setSiren(
      request.person,
      request.params.slug,
      field(request.body, "siren"),
    );
    return siren ? { key: "treasury.siren.saved", params: { siren } } : { key: "treasury.siren.cleared" };
  });

  action("cloture", "close", async (request) => {
    const { year } = await treasury.closeYear(request.person, request.params.slug, {
      year: field(request.body, "closeYear"),
      confirmed: field(request.body, "closeConfirm") === "1",
    });
    return { key: "treasury.close.done", params: { year } };
  });

  action("mouvements/:id/contre-passer", "reverse", async (request) => {
    await treasury.reverse(request.person, request.params.slug, request.params.id ?? "", {
      date: field(request.body, "reverseDate"),
    });
    return { key: "treasury.reverse.done" };
  });

  app.get<{ Params: { slug: string }; Querystring: { annee?: string } }>(
    "/espaces/:slug/comptabilite/fec",
    async (request, reply) => {
      const year = chosenYear(request.query.annee);
      const space = await ledger.chamber(request.params.slug);
      const siren = await chamberSiren(app.communs.db.kysely, space.id);
      if (!siren) {
        const ctx = view(request, reply);
        const canSet = await treasury.canBook(request.person, space.slug);
        return sendPage(
          reply,
          ctx,
          ctx.t("treasury.fec.unavailableTitle"),
          <FecUnavailable ctx={ctx} slug={space.slug} canSet={canSet} />,
          404,
        );
      }
      return sendFec(request, reply, { spaceId: space.id, year, siren });
    },
  );
}
