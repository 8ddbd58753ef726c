import type { Context } from "../../context.ts";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { authorize } from "../../core/policy.ts";
import type { Ledger } from "../ledger/service.ts";
import {
  createHelloassoClient,
  type HelloassoClient,
  HelloassoError,
  type HelloassoPayment,
  parseNotification,
} from "./helloasso-client.ts";
import type { DonationInput, Donations } from "./service.ts";
import * as store from "./store.ts";

/** What became of a notification, as HelloAsso is answered. */
export interface NotificationOutcome {
  outcome: "ignored" | "booked" | "known";
  donation: string | null;
}

/** HelloAsso's API client, when the instance has its settings. */
function clientOf(config: Context["config"]): HelloassoClient | null {
  if (!config.helloassoClientId) return null;
  return createHelloassoClient({
    baseUrl: config.helloassoApiUrl,
    clientId: config.helloassoClientId,
    clientSecret: config.helloassoClientSecret,
    timeoutMs: 10_000,
    organizationSlug: config.helloassoOrganization || undefined,
  });
}

/**
 * HelloAsso's notifications to a chamber. They are not signed for ordinary associations, so nothing in
 * one is believed: each is kept as received, before anything else is looked at (the instance's settings
 * included), and a payment is booked only as HelloAsso's API describes it when asked back. The same
 * payment notified twice is booked once.
 */
export function createHelloassoNotifications(ctx: Context, ledger: Ledger, donations: Donations) {
  const db = ctx.db.kysely;
  const client = clientOf(ctx.config);

  function note(id: string, outcome: string, detail: string, donationId: string | null = null) {
    return store.noteNotification(db, id, { outcome, detail, donation_id: donationId });
  }

  return {
    async receive(spaceSlug: string, body: unknown): Promise<NotificationOutcome> {
      const space = await ledger.chamber(spaceSlug);
      authorize(undefined, "ledger.notify", { space });
      const id = newId();
      await store.insertNotification(db, {
        id,
        space_id: space.id,
        source: "helloasso",
        received_at: new Date().toISOString(),
        body: JSON.stringify(body ?? null).slice(0, 64 * 1024),
        outcome: "received",
        detail: "",
        donation_id: null,
      });
      if (!client) {
        await note(id, "failed", "helloasso.not_configured");
        throw new DomainError("HELLOASSO_NOT_CONFIGURED");
      }
      const notified = parseNotification(body);
      if (!notified) {
        await note(id, "ignored", "not a payment notification");
        return { outcome: "ignored", donation: null };
      }
      let payment: HelloassoPayment;
      try {
        payment = await client.fetchPayment(notified.paymentId);
      } catch (error) {
        if (!(error instanceof HelloassoError)) throw error;
        await note(id, "failed", error.key);
        throw new DomainError("HELLOASSO_UNAVAILABLE");
      }
      if (payment.state !== "Authorized") {
        await note(id, "ignored", `state ${payment.state}`);
        return { outcome: "ignored", donation: null };
      }
      const name = `${payment.payer.firstName} ${payment.payer.lastName}`.trim();
      const raw: DonationInput = {
        amount: payment.amount,
        date: payment.day,
        donor: name || payment.payer.email ? { name, email: payment.payer.email } : null,
        display: "hidden",
        method: "card",
        source: "helloasso",
        externalId: String(payment.id),
      };
      const booked = await db
        .transaction()
        .execute((trx) => donations.recordIn(trx, space, raw, `helloasso:${payment.id}`, null));
      const { donation, replayed } = booked;
      await donations.thank(space, raw, booked);
      await note(id, replayed ? "known" : "booked", "", donation.id);
      return { outcome: replayed ? "known" : "booked", donation: donation.id };
    },
  };
}

export type HelloassoNotifications = ReturnType<typeof createHelloassoNotifications>;
