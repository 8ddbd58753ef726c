import type { FastifyReply, FastifyRequest } from "fastify";
import { type FieldErrors, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { parseAmount } from "../../core/ledger.ts";
import { oneLine } from "../../core/text.ts";
import { field, formFailure, redirectWithFlash, sendPage, view } from "../../web/http.ts";
import { euros, shortDate } from "../../web/money.ts";
import { urls } from "../../web/urls.ts";
import { type CorrectionInput, correctionErrors } from "./corrections.ts";
import { dayOf } from "./formats/index.ts";
import { FORM_KEY } from "./pages.tsx";
import type { Envelope } from "./views.tsx";
import { DonationView } from "./views-donation.tsx";

// A donation's own page, for those who book the chamber's money, and its « Corriger ce don » form.

type DonationParams = { Params: { slug: string; id: string } };

/** The correction form read: euros typed French style, the date, the envelopes on offer. */
function correctionFromForm(body: unknown, envelopes: readonly Envelope[]) {
  const errors: FieldErrors = {};
  const amountText = field(body, "amount");
  const amount = parseAmount(amountText);
  if (amount === undefined)
    errors.amount = amountText.trim() === "" ? "field.required" : "donations.amountInvalid";
  const dateText = field(body, "date").trim();
  const date = dayOf(dateText);
  if (dateText === "") errors.date = "field.required";
  else if (!date) errors.date = "donations.dateInvalid";
  const envelope = field(body, "envelope");
  if (envelope !== "" && !envelopes.some((e) => e.code === envelope))
    errors.envelope = "ledger.envelopeUnknown";
  const input: CorrectionInput = {
    amount: amount ?? 0,
    date: date ?? "",
    donorName: oneLine(field(body, "donor.name")),
    envelope,
    reason: field(body, "reason"),
  };
  return { input, errors: { ...correctionErrors(input), ...errors } };
}

async function pageOf(request: FastifyRequest<DonationParams>) {
  const { donations, donationCorrections } = request.server.communs;
  const { person, space } = await donations.chamber(request.person, request.params.slug);
  const donation = await donationCorrections.donation(person, space.slug, request.params.id);
  return { person, space, donation, envelopes: await donations.envelopes(space.id) };
}

export async function donationPage(request: FastifyRequest<DonationParams>, reply: FastifyReply) {
  const props = await pageOf(request);
  const ctx = view(request, reply);
  return sendPage(
    reply,
    ctx,
    `${ctx.t("donations.pageTitle", { amount: euros(props.donation.amount), date: shortDate(props.donation.date, ctx.lang) })} · ${props.space.name}`,
    <DonationView ctx={ctx} {...props} idempotencyKey={newId()} />,
  );
}

export async function correctDonation(request: FastifyRequest<DonationParams>, reply: FastifyReply) {
  const { donationCorrections } = request.server.communs;
  const props = await pageOf(request);
  const { person, space, donation } = props;
  const key = field(request.body, "idempotencyKey");
  const { input, errors } = correctionFromForm(request.body, props.envelopes);
  try {
    if (!FORM_KEY.test(key)) throw validationError({ idempotencyKey: "donations.keyMissing" });
    if (Object.keys(errors).length > 0) throw validationError(errors);
    const { replayed } = await donationCorrections.correct(person, space.slug, donation.id, input, key);
    return redirectWithFlash(
      reply,
      urls.donation(space.slug, donation.id),
      replayed ? "donations.correctionReplayed" : "donations.corrected",
      { amount: euros(input.amount) },
    );
  } catch (error) {
    return formFailure(request, reply, error, (ctx, state) => ({
      title: `${ctx.t("donations.correctTitle")} · ${space.name}`,
      body: (
        <DonationView
          ctx={ctx}
          {...props}
          idempotencyKey={FORM_KEY.test(key) ? key : newId()}
          state={state}
        />
      ),
    }));
  }
}
