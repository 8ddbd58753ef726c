import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { parseAmount, today } from "../../core/ledger.ts";
import { oneLine } from "../../core/text.ts";
import { guardConstraints } from "../../db/errors.ts";
import { Field, FieldFrame, Form, type FormState, Select } from "../../web/forms.tsx";
import { field, formFailure, keptValues, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import { euros, shortDate } from "../../web/money.ts";
import type { PageContext } from "../../web/page.ts";
import { registerUploads, uploadedFile } from "../../web/uploads.ts";
import type { DonationImportReport } from "./donation-import.ts";
import { DISPLAYS, DONATION_METHODS, type DonationInput } from "./donation-service.ts";
import { type BankMapping, DONATION_PARSERS, type DonationFileSource, dayOf } from "./donations/index.ts";
import * as store from "./store.ts";

/** Donations per page of the list. */
export const DONATIONS_PER_PAGE = 50;
/** An uploaded file not confirmed (or a report not read) within a day is removed. */
const KEPT_MS = 24 * 60 * 60 * 1000;
const UPLOAD_ID = /^[0-9a-f-]{36}$/;
/** The hidden key a rendered form carries, so that sending it twice books once. */
const FORM_KEY = /^[0-9A-Za-z-]{16,64}$/;
const DATE_FORMATS: readonly BankMapping["dateFormat"][] = ["DD/MM/YYYY", "YYYY-MM-DD"];
const MAPPING_FIELDS = ["date", "amount", "label", "id"] as const;

type SpaceParams = { Params: { slug: string } };
type UploadParams = { Params: { slug: string; upload: string } };
type Chamber = { id: string; slug: string; name: string };
type Envelope = { code: string; label: string };

/** A message of a known family (`donations.source.bank`), or the raw value when there is none. */
function labelOf(ctx: PageContext, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  const text = ctx.t(key);
  return text === key ? value : text;
}

/** `?page=` read leniently: anything but a page number in range is the first page. */
export function pageOf(raw: unknown): number {
  const text = typeof raw === "string" ? raw : "";
  const n = /^\d{1,6}$/.test(text) ? Number(text) : 1;
  return Math.max(n, 1);
}

function ChamberKicker({ ctx, space }: { ctx: PageContext; space: Chamber }) {
  return (
    <p class="kicker">
      <a href={`/espaces/${space.slug}`}>{space.name}</a>
      {" · "}
      <a href={`/espaces/${space.slug}/dons`}>{ctx.t("donations.tab")}</a>
    </p>
  );
}

function DonorCell({ ctx, row }: { ctx: PageContext; row: store.DonationRow }) {
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
  rows: store.DonationRow[];
  total: number;
  page: number;
}) {
  const { ctx, space, rows, total, page } = props;
  const { t, lang } = ctx;
  const base = `/espaces/${space.slug}/dons`;
  const pages = Math.max(1, Math.ceil(total / DONATIONS_PER_PAGE));
  return (
    <article class="donations">
      <header>
        <p class="kicker">
          <a href={`/espaces/${space.slug}`}>{space.name}</a>
        </p>
        <h1>{t("donations.title")}</h1>
        <p>{t("donations.intro")}</p>
      </header>
      <nav aria-label={t("donations.actions")}>
        <ul>
          <li>
            <a href={`${base}/nouveau`}>{t("donations.new")}</a>
          </li>
          <li>
            <a href={`${base}/import`}>{t("donations.import")}</a>
          </li>
          <li>
            <a href={`/espaces/${space.slug}/transparence`}>{t("donations.transparency")}</a>
          </li>
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p class="empty">{t("donations.none")}</p>
      ) : (
        <>
          <p>{t("donations.count", { count: total })}</p>
          <div class="table-scroll">
            <table>
              <caption>{t("donations.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("donations.date")}</th>
                  <th scope="col">{t("donations.amount")}</th>
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
                      <time datetime={row.date}>{shortDate(row.date, lang)}</time>
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
          </div>
        </>
      )}
      {pages > 1 && (
        <nav aria-label={t("donations.pagination")} class="pagination">
          {page > 1 && (
            <a rel="prev" href={page - 1 === 1 ? base : `${base}?page=${page - 1}`}>
              {t("donations.previous")}
            </a>
          )}
          <span>{t("donations.pageOf", { page, pages })}</span>
          {page < pages && (
            <a rel="next" href={`${base}?page=${page + 1}`}>
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
      <Form ctx={ctx} action={`/espaces/${space.slug}/dons`} state={state} class="stack narrow">
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

/**
 * The manual form read and checked: what only the form knows (euros typed French style, the date, the
 * anonymous box, the envelopes on offer) is checked here; the rest again by the service.
 */
export function donationFromForm(
  body: unknown,
  envelopes: readonly Envelope[],
): { input: DonationInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const anonymous = field(body, "anonymous") === "1";
  const name = anonymous ? "" : oneLine(field(body, "donor.name"));
  const email = anonymous ? "" : oneLine(field(body, "donor.email"));
  const display = field(body, "display") || (name ? "name" : "hidden");
  const pseudonym = oneLine(field(body, "pseudonym"));
  const method = field(body, "method") || "transfer";
  const envelope = field(body, "envelope");
  const amountText = field(body, "amount");
  const amount = parseAmount(amountText);
  if (amount === undefined)
    errors.amount = amountText.trim() === "" ? "field.required" : "donations.amountInvalid";
  const dateText = field(body, "date").trim();
  const date = dayOf(dateText);
  if (dateText === "") errors.date = "field.required";
  else if (!date || date < "2000-01-01" || date > "2100-12-31") errors.date = "donations.dateInvalid";
  if (!(DISPLAYS as readonly string[]).includes(display)) errors.display = "ledger.displayUnknown";
  else if (display === "name" && anonymous) errors.display = "donations.anonymousNamed";
  else if (display === "name" && name === "") errors["donor.name"] = "field.required";
  else if (display === "pseudonym" && pseudonym === "") errors.pseudonym = "field.required";
  if (!(DONATION_METHODS as readonly string[]).includes(method)) errors.method = "ledger.methodUnknown";
  if (envelope !== "" && !envelopes.some((e) => e.code === envelope))
    errors.envelope = "ledger.envelopeUnknown";
  return {
    input: {
      amount: amount ?? 0,
      date: date ?? "",
      donor: name || email ? { name, email } : null,
      display: display as DonationInput["display"],
      pseudonym: display === "pseudonym" ? pseudonym : "",
      method,
      envelope: envelope || undefined,
    },
    errors,
  };
}

interface UploadMeta {
  space: string;
  personId: string;
  source: DonationFileSource;
  mapping: BankMapping;
  filename: string;
}

interface StoredReport {
  space: string;
  personId: string;
  filename: string;
  report: DonationImportReport;
}

/** What the upload form was sent with, shown again when it is refused. */
interface UploadState {
  values: Record<string, string>;
  errors: FieldErrors;
  message?: string;
}

function ImportFormView({ ctx, space, state }: { ctx: PageContext; space: Chamber; state?: UploadState }) {
  const { t } = ctx;
  const errors = state?.errors ?? {};
  const values = state?.values ?? {};
  const formState: FormState = { values, errors };
  const mappingField = (name: (typeof MAPPING_FIELDS)[number], fallback: string) => (
    <Field
      ctx={ctx}
      name={`mapping.${name}`}
      label={t(`donations.mapping.${name}`)}
      state={formState}
      value={fallback}
      autocomplete="off"
      maxLength={200}
    />
  );
  return (
    <>
      <ChamberKicker ctx={ctx} space={space} />
      <h1>{t("donations.importTitle")}</h1>
      <p>{t("donations.importIntro")}</p>
      <Form
        ctx={ctx}
        action={`/espaces/${space.slug}/dons/import`}
        state={state?.message ? { values, errors, message: state.message } : undefined}
        encType="multipart/form-data"
        class="stack narrow"
      >
        <Select
          ctx={ctx}
          name="source"
          label={t("donations.importSource")}
          state={formState}
          options={Object.keys(DONATION_PARSERS).map((s) => ({
            value: s,
            label: t(`donations.importSource.${s}`),
          }))}
        />
        <fieldset class="link">
          <legend>{t("donations.mapping")}</legend>
          <p class="hint">{t("donations.mappingHint")}</p>
          {mappingField("date", "Date")}
          {mappingField("amount", "Montant")}
          {mappingField("label", "Libellé")}
          {mappingField("id", "")}
          <Select
            ctx={ctx}
            name="mapping.dateFormat"
            label={t("donations.mapping.dateFormat")}
            state={formState}
            options={DATE_FORMATS.map((f) => ({
              value: f,
              label: t(`donations.dateFormat.${f === "DD/MM/YYYY" ? "dmy" : "ymd"}`),
            }))}
          />
        </fieldset>
        <FieldFrame ctx={ctx} id="file" label={t("donations.file")} error={errors.file}>
          {(control) => (
            <input {...control} name="file" type="file" accept=".csv,.txt,text/csv,text/plain" required />
          )}
        </FieldFrame>
        <p>
          <button type="submit" class="primary">
            {t("donations.preview")}
          </button>
        </p>
      </Form>
    </>
  );
}

const COUNTS = ["read", "booked", "known", "skipped", "invalid"] as const;

export function ImportReportView({ ctx, report }: { ctx: PageContext; report: DonationImportReport }) {
  const { t } = ctx;
  return (
    <>
      {report.failure && (
        <div class="form-error" role="alert">
          <p>{t("donations.importFailed", { reason: t(report.failure.key, report.failure.params) })}</p>
        </div>
      )}
      <table class="import-report">
        <caption>{t(report.dryRun ? "donations.wouldDo" : "donations.done")}</caption>
        <tbody>
          {COUNTS.map((c) => (
            <tr key={c} data-count={c}>
              <th scope="row">{t(`donations.count.${c}`)}</th>
              <td>{report[c]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.problems.length > 0 && (
        <section aria-labelledby="problemes">
          <h2 id="problemes">{t("donations.problems")}</h2>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>
                {p.at} : {t(p.reason.key, p.reason.params)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The upload form's fields, checked: the source, and for a bank statement its column mapping. */
function uploadChoice(body: unknown): {
  meta: Omit<UploadMeta, "space" | "personId" | "filename">;
  errors: FieldErrors;
} {
  const errors: FieldErrors = {};
  const source = field(body, "source");
  if (!Object.hasOwn(DONATION_PARSERS, source)) errors.source = "donations.sourceUnknown";
  const column = (name: (typeof MAPPING_FIELDS)[number]) => oneLine(field(body, `mapping.${name}`));
  const mapping: BankMapping = {
    date: column("date"),
    amount: column("amount"),
    label: column("label"),
    id: column("id") || undefined,
    dateFormat: (field(body, "mapping.dateFormat") || "DD/MM/YYYY") as BankMapping["dateFormat"],
  };
  if (source === "bank") {
    for (const name of MAPPING_FIELDS) {
      const value = column(name);
      if (value === "" && name !== "id") errors[`mapping.${name}`] = "field.required";
      else if ([...value].length > 200) errors[`mapping.${name}`] = "field.tooLong.200";
    }
    if (!DATE_FORMATS.includes(mapping.dateFormat))
      errors["mapping.dateFormat"] = "donations.dateFormatUnknown";
  }
  return { meta: { source: source as DonationFileSource, mapping }, errors };
}

function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

/**
 * The treasurer's donation pages: the list, a form for a donation received by hand, and the import of
 * HelloAsso, Liberapay and bank files (previewed by a dry run, booked once confirmed). Only those who
 * book money for the chamber (treasurers, facilitators, administrators) see them.
 */
export async function donationPageRoutes(app: FastifyInstance): Promise<void> {
  const { ledger, donations, db, config } = app.communs;
  const kysely = db.kysely;
  const imports = app.communs.donationImports;
  const folder = path.join(config.dataDir, "donation-imports");

  /** The chamber, when the signed-in person may book its money. */
  async function bookkeeper(request: FastifyRequest<SpaceParams>) {
    const { space, actor: person } = await ledger.authorized(
      request.person,
      "ledger.book",
      request.params.slug,
    );
    return { person, space: { id: space.id, slug: space.slug, name: space.name } as Chamber };
  }

  async function envelopesOf(spaceId: string): Promise<Envelope[]> {
    return (await store.accountsOf(kysely, spaceId))
      .filter((a) => a.kind === "envelope")
      .map((a) => ({ code: a.code, label: a.label }));
  }

  app.get<SpaceParams & { Querystring: { page?: string } }>("/espaces/:slug/dons", async (request, reply) => {
    const { space } = await bookkeeper(request);
    const page = pageOf(request.query.page);
    let { rows, total } = await donations.list(request.person, space.slug, page, DONATIONS_PER_PAGE);
    // Past the last page (a list that shrank, a hand-typed number): the last page.
    const last = Math.max(1, Math.ceil(total / DONATIONS_PER_PAGE));
    if (page > last)
      ({ rows, total } = await donations.list(request.person, space.slug, last, DONATIONS_PER_PAGE));
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      `${ctx.t("donations.title")} · ${space.name}`,
      <DonationListView ctx={ctx} space={space} rows={rows} total={total} page={Math.min(page, last)} />,
    );
  });

  function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    space: Chamber,
    envelopes: Envelope[],
    state?: FormState,
    status = 200,
    ctx = view(request, reply),
  ) {
    const kept = state?.values.idempotencyKey ?? "";
    return sendPage(
      reply,
      ctx,
      `${state?.message ? `${ctx.t("form.errorTitle")} ` : ""}${ctx.t("donations.newTitle")} · ${space.name}`,
      <DonationFormView
        ctx={ctx}
        space={space}
        envelopes={envelopes}
        idempotencyKey={FORM_KEY.test(kept) ? kept : newId()}
        state={state}
      />,
      status,
    );
  }

  app.get<SpaceParams>("/espaces/:slug/dons/nouveau", async (request, reply) => {
    const { space } = await bookkeeper(request);
    return formPage(request, reply, space, await envelopesOf(space.id));
  });

  app.post<SpaceParams>("/espaces/:slug/dons", async (request, reply) => {
    const { person, space } = await bookkeeper(request);
    const envelopes = await envelopesOf(space.id);
    const key = field(request.body, "idempotencyKey");
    if (!FORM_KEY.test(key)) {
      const ctx = view(request, reply);
      const state = {
        values: keptValues(request.body),
        errors: { idempotencyKey: "donations.keyMissing" },
        message: ctx.t("error.VALIDATION_FAILED"),
      };
      return formPage(request, reply, space, envelopes, state, 400, ctx);
    }
    const { input, errors } = donationFromForm(request.body, envelopes);
    const record = () => donations.record(person, space.slug, input, key);
    try {
      if (Object.keys(errors).length > 0) throw validationError(errors);
      // The same form sent twice at once: the second finds the first's row taken, then its donation.
      const { replayed } = await record().catch((error: unknown) => {
        if (error instanceof DomainError && error.code === "CONFLICT") return record();
        throw error;
      });
      return redirectWithFlash(
        reply,
        `/espaces/${space.slug}/dons`,
        replayed ? "donations.replayed" : "donations.recorded",
        { amount: euros(input.amount) },
      );
    } catch (error) {
      return formFailure(request, reply, error, (ctx, state) => ({
        title: `${ctx.t("donations.newTitle")} · ${space.name}`,
        body: (
          <DonationFormView
            ctx={ctx}
            space={space}
            envelopes={envelopes}
            idempotencyKey={key}
            state={state}
          />
        ),
      }));
    }
  });

  app.get<SpaceParams>("/espaces/:slug/dons/import", async (request, reply) => {
    const { space } = await bookkeeper(request);
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      `${ctx.t("donations.importTitle")} · ${space.name}`,
      <ImportFormView ctx={ctx} space={space} />,
    );
  });

  /** Files and reports of earlier imports left for more than a day are removed. */
  async function sweep() {
    const names = await readdir(folder).catch(() => [] as string[]);
    const now = Date.now();
    for (const name of names) {
      const file = path.join(folder, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs > KEPT_MS) await rm(file, { force: true });
    }
  }

  function runFile(actor: { id: string; isAdmin: boolean }, meta: UploadMeta, file: string, dryRun: boolean) {
    const parser = DONATION_PARSERS[meta.source];
    return guardConstraints(() =>
      imports.run(actor, meta.space, () => parser.parse(createReadStream(file), meta.mapping), { dryRun }),
    );
  }

  // Only the upload itself reads multipart bodies: in a scope of its own, as the other upload pages.
  await app.register(async (uploads) => {
    await registerUploads(uploads, config.dataDir, config.uploadMaxBytes);
    uploads.post<SpaceParams>("/espaces/:slug/dons/import", async (request, reply) => {
      const { person, space } = await bookkeeper(request);
      const body = request.body;
      const upload = uploadedFile(body, "file");
      const { meta: choice, errors } = uploadChoice(body);
      if (!upload || upload.size === 0) errors.file = "donations.noFile";
      const ctx = view(request, reply);
      if (Object.keys(errors).length > 0) {
        const state = { values: keptValues(body), errors, message: ctx.t("error.VALIDATION_FAILED") };
        return sendPage(
          reply,
          ctx,
          `${ctx.t("form.errorTitle")} ${ctx.t("donations.importTitle")} · ${space.name}`,
          <ImportFormView ctx={ctx} space={space} state={state} />,
          400,
        );
      }
      if (!upload) throw new DomainError("BAD_REQUEST");
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await sweep();
      const id = path.basename(upload.file);
      const kept = path.join(folder, id);
      await rename(upload.file, kept);
      const meta: UploadMeta = {
        ...choice,
        space: space.slug,
        personId: person.id,
        filename: upload.filename.slice(0, 200),
      };
      let report: DonationImportReport;
      try {
        report = await runFile(person, meta, kept, true);
      } catch (error) {
        await rm(kept, { force: true });
        throw error;
      }
      const bookable = !report.failure && report.booked > 0;
      if (bookable) await writeFile(`${kept}.json`, JSON.stringify(meta), { mode: 0o600 });
      else await rm(kept, { force: true });
      return sendPage(
        reply,
        ctx,
        `${ctx.t("donations.previewTitle")} · ${space.name}`,
        <>
          <ChamberKicker ctx={ctx} space={space} />
          <h1>{ctx.t("donations.previewTitle")}</h1>
          <p>{meta.filename}</p>
          {bookable && <p>{ctx.t("donations.previewIntro")}</p>}
          <ImportReportView ctx={ctx} report={report} />
          {bookable ? (
            <Form ctx={ctx} action={`/espaces/${space.slug}/dons/import/${id}`}>
              <p>
                <button type="submit" class="primary">
                  {ctx.t("donations.confirm")}
                </button>
              </p>
            </Form>
          ) : (
            !report.failure && <p>{ctx.t("donations.nothingToBook")}</p>
          )}
          <p>
            <a href={`/espaces/${space.slug}/dons/import`}>{ctx.t("donations.importAgain")}</a>
          </p>
        </>,
        report.failure ? 400 : 200,
      );
    });
  });

  function uploadPath(request: FastifyRequest<UploadParams>): string {
    const id = request.params.upload;
    if (!UPLOAD_ID.test(id)) throw new DomainError("IMPORT_NOT_FOUND");
    return path.join(folder, id);
  }

  /**
   * The confirmed import runs once: the file is claimed by renaming it, so that a second click finds
   * nothing to claim and goes to the report. The report is kept beside it for the page that follows.
   */
  app.post<UploadParams>("/espaces/:slug/dons/import/:upload", async (request, reply) => {
    const { person, space } = await bookkeeper(request);
    const file = uploadPath(request);
    const reportPage = `/espaces/${space.slug}/dons/import/${request.params.upload}`;
    const meta = await readFile(`${file}.json`, "utf8")
      .then((text) => JSON.parse(text) as UploadMeta)
      .catch(() => undefined);
    // Confirmed already (a second click): its report page says how it went.
    if (!meta && (await exists(`${file}.report.json`))) return reply.redirect(reportPage, 303);
    if (!meta) throw new DomainError("IMPORT_NOT_FOUND");
    if (meta.space !== space.slug || meta.personId !== person.id) throw new DomainError("IMPORT_NOT_FOUND");
    const claimed = `${file}.claimed`;
    try {
      await rename(file, claimed);
    } catch (error) {
      if (isMissing(error)) return reply.redirect(reportPage, 303);
      throw error;
    }
    let report: DonationImportReport;
    try {
      report = await runFile(person, meta, claimed, false);
    } catch (error) {
      await rename(claimed, file).catch(() => undefined);
      throw error;
    }
    const stored: StoredReport = { space: meta.space, personId: person.id, filename: meta.filename, report };
    await writeFile(`${file}.report.json`, JSON.stringify(stored), { mode: 0o600 });
    await rm(claimed, { force: true });
    await rm(`${file}.json`, { force: true });
    return reply.redirect(reportPage, 303);
  });

  app.get<UploadParams>("/espaces/:slug/dons/import/:upload", async (request, reply) => {
    const { person, space } = await bookkeeper(request);
    const file = uploadPath(request);
    const ctx = view(request, reply);
    const stored = await readFile(`${file}.report.json`, "utf8")
      .then((text) => JSON.parse(text) as StoredReport)
      .catch(() => undefined);
    if (!stored) {
      if (!(await exists(`${file}.claimed`))) throw new DomainError("IMPORT_NOT_FOUND");
      // Browsers reload a page that says so in this header, JavaScript or not.
      reply.header("refresh", "1");
      return sendPage(
        reply,
        ctx,
        ctx.t("donations.running"),
        <>
          <ChamberKicker ctx={ctx} space={space} />
          <h1>{ctx.t("donations.running")}</h1>
        </>,
      );
    }
    if (stored.space !== space.slug || stored.personId !== person.id)
      throw new DomainError("IMPORT_NOT_FOUND");
    return sendPage(
      reply,
      ctx,
      `${ctx.t("donations.reportTitle")} · ${space.name}`,
      <>
        <ChamberKicker ctx={ctx} space={space} />
        <h1>{ctx.t("donations.reportTitle")}</h1>
        <p>{stored.filename}</p>
        <ImportReportView ctx={ctx} report={stored.report} />
        <ul>
          <li>
            <a href={`/espaces/${space.slug}/dons`}>{ctx.t("donations.back")}</a>
          </li>
          <li>
            <a href={`/espaces/${space.slug}/dons/import`}>{ctx.t("donations.importAgain")}</a>
          </li>
        </ul>
      </>,
      stored.report.failure ? 400 : 200,
    );
  });
}
