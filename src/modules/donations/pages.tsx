import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError, type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { parseAmount } from "../../core/ledger.ts";
import { oneLine } from "../../core/text.ts";
import { field, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import { euros } from "../../web/money.ts";
import { urls } from "../../web/urls.ts";
import { dayOf } from "./formats/index.ts";
import { DISPLAYS, DONATION_METHODS, type DonationInput } from "./service.ts";
import { DONATIONS_PER_PAGE, DonationFormView, DonationListView, type Envelope } from "./views.tsx";

// The treasurer's donation pages: the list and a form for a donation received by hand (imports: see
// pages-import.tsx). Only those who book money for the chamber (treasurers, facilitators,
// administrators) see them: the donations service says who.

type SpaceParams = { Params: { slug: string } };

/** The hidden key a rendered form carries, so that sending it twice books once. */
export const FORM_KEY = /^[0-9A-Za-z-]{16,64}$/;

/** `?page=` read leniently: anything but a page number in range is the first page. */
function pageOf(raw: unknown): number {
  const text = typeof raw === "string" ? raw : "";
  const n = /^\d{1,6}$/.test(text) ? Number(text) : 1;
  return Math.max(n, 1);
}

/**
 * The manual form read and checked: what only the form knows (euros typed French style, the date, the
 * anonymous box, the envelopes on offer) is checked here; the rest again by the service.
 */
function donationFromForm(
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

export async function donationList(
  request: FastifyRequest<SpaceParams & { Querystring: { page?: string } }>,
  reply: FastifyReply,
) {
  const { donations } = request.server.communs;
  const { space } = await donations.chamber(request.person, request.params.slug);
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
}

export async function newDonation(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { donations } = request.server.communs;
  const { space } = await donations.chamber(request.person, request.params.slug);
  const envelopes = await donations.envelopes(space.id);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("donations.newTitle")} · ${space.name}`,
    <DonationFormView ctx={ctx} space={space} envelopes={envelopes} idempotencyKey={newId()} />,
  );
}

export async function recordDonation(request: FastifyRequest<SpaceParams>, reply: FastifyReply) {
  const { donations } = request.server.communs;
  const { person, space } = await donations.chamber(request.person, request.params.slug);
  const envelopes: Envelope[] = await donations.envelopes(space.id);
  const key = field(request.body, "idempotencyKey");
  const { input, errors } = donationFromForm(request.body, envelopes);
  const record = () => donations.record(person, space.slug, input, key);
  try {
    if (!FORM_KEY.test(key)) throw validationError({ idempotencyKey: "donations.keyMissing" });
    if (Object.keys(errors).length > 0) throw validationError(errors);
    // The same form sent twice at once: the second finds the first's row taken, then its donation.
    const { replayed } = await record().catch((error: unknown) => {
      if (error instanceof DomainError && error.code === "CONFLICT") return record();
      throw error;
    });
    return redirectWithFlash(
      reply,
      urls.donations(space.slug),
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
          // A form without its key (or a forged one) gets a new one: the next submission books once.
          idempotencyKey={FORM_KEY.test(key) ? key : newId()}
          state={state}
        />
      ),
    }));
  }
}
