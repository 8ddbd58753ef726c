import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { ErrorSchema } from "../../web/api-schemas.ts";
import { createHelloassoClient, HelloassoError, parseNotification } from "./helloasso-client.ts";

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const Outcome = Type.Object({ outcome: Type.String(), donation: Type.Union([Type.String(), Type.Null()]) });

/**
 * HelloAsso's notification URL for a chamber. Notifications are not signed for ordinary associations, so
 * nothing in one is believed: each is kept as received, and a payment is booked only as HelloAsso's API
 * describes it when asked back. The same payment notified twice is booked once.
 */
export async function helloassoNotificationRoutes(app: FastifyInstance): Promise<void> {
  const { ledger, donations, config, db } = app.communs;
  const client = config.helloassoClientId
    ? createHelloassoClient({
        baseUrl: config.helloassoApiUrl,
        clientId: config.helloassoClientId,
        clientSecret: config.helloassoClientSecret,
        timeoutMs: 10_000,
        organizationSlug: config.helloassoOrganization || undefined,
      })
    : null;

  async function note(id: string, outcome: string, detail: string, donationId: string | null = null) {
    await db.kysely
      .updateTable("ledger_notifications")
      .set({ outcome, detail, donation_id: donationId })
      .where("id", "=", id)
      .execute();
  }

  app.post<{ Params: Static<typeof SlugParams> }>(
    "/api/v1/spaces/:slug/helloasso/notifications",
    {
      bodyLimit: 64 * 1024,
      schema: {
        tags: ["ledger"],
        summary:
          "URL de notification HelloAsso d’une chambre (le paiement est relu auprès de l’API avant d’être compté)",
        params: SlugParams,
        response: { 200: Outcome, 404: ErrorSchema, 502: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => {
      const space = await ledger.chamber(request.params.slug);
      if (!client) throw new DomainError("HELLOASSO_NOT_CONFIGURED");
      const id = newId();
      await db.kysely
        .insertInto("ledger_notifications")
        .values({
          id,
          space_id: space.id,
          source: "helloasso",
          received_at: new Date().toISOString(),
          body: JSON.stringify(request.body ?? null).slice(0, 64 * 1024),
          outcome: "received",
          detail: "",
          donation_id: null,
        })
        .execute();
      const notified = parseNotification(request.body);
      if (!notified) {
        await note(id, "ignored", "not a payment notification");
        return { outcome: "ignored", donation: null };
      }
      let payment: Awaited<ReturnType<typeof client.fetchPayment>>;
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
      const { donation, replayed } = await db.kysely.transaction().execute((trx) =>
        donations.recordIn(
          trx,
          space,
          {
            amount: payment.amount,
            date: payment.day,
            donor: name || payment.payer.email ? { name, email: payment.payer.email } : null,
            display: "hidden",
            method: "card",
            source: "helloasso",
            externalId: String(payment.id),
          },
          `helloasso:${payment.id}`,
          null,
        ),
      );
      await note(id, replayed ? "known" : "booked", "", donation.id);
      return { outcome: replayed ? "known" : "booked", donation: donation.id };
    },
  );
}
