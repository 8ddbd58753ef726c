// HelloAsso notifications against a real HTTP server on 127.0.0.1 playing HelloAsso's API: a payment
// is booked as the API describes it, whatever the notification claims, and only once.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildChamber } from "../../../test/helpers/factories.ts";

const CHAMBER = "chambre-helloasso";

function payment(id: number, state: string, amount: number) {
  return {
    id,
    amount,
    amountTip: 0,
    date: "2026-03-07T14:41:15.08+01:00",
    state,
    paymentMeans: "Card",
    payer: { firstName: "Camille", lastName: "Martin", email: "camille@example.org" },
    order: { id: 1, formSlug: "soutenir", formType: "Donation", organizationSlug: "chambre" },
  };
}

const payments = new Map<number, unknown>([
  [101, payment(101, "Authorized", 2_500)],
  [102, payment(102, "Refused", 9_900)],
]);
const stub = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://stub");
  if (request.method === "POST" && url.pathname === "/oauth2/token") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({ access_token: "t", refresh_token: "r", token_type: "bearer", expires_in: 1800 }),
    );
    return;
  }
  const found = /^\/v5\/payments\/(\d+)$/.exec(url.pathname);
  const body = found ? payments.get(Number(found[1])) : undefined;
  response.writeHead(body ? 200 : 404, { "content-type": "application/json" });
  response.end(JSON.stringify(body ?? { message: "not found" }));
});
await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
const STUB_URL = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;

after(() => stub.close());

for (const dialect of testDialects()) {
  describe(`HelloAsso notifications [${dialect.name}]`, () => {
    const h = useApp(dialect, {
      helloassoApiUrl: STUB_URL,
      helloassoClientId: "id",
      helloassoClientSecret: "secret",
    });

    before(async () => {
      await buildChamber(h.app, { slug: CHAMBER, name: "Chambre" });
    });

    const notify = (body: unknown) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${CHAMBER}/helloasso/notifications`,
        payload: body as object,
      });
    const notification = (id: number, claimed: number) => ({
      eventType: "Payment",
      data: { ...payment(id, "Authorized", claimed) },
      metadata: { id: 1 },
    });

    it("books the payment as HelloAsso's API tells it, not as the notification claims, and only once", async () => {
      const first = await notify(notification(101, 999_999));
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().outcome, "booked");
      assert.equal((await notify(notification(101, 999_999))).json().outcome, "known");
      const accounts = (
        await h.app.inject({ method: "GET", url: `/api/v1/spaces/${CHAMBER}/ledger/accounts` })
      ).json().accounts as { code: string; balance: number }[];
      assert.equal(accounts.find((a) => a.code === "754")?.balance, 2_500);
      const kept = await h.db.kysely
        .selectFrom("ledger_notifications")
        .select(["outcome"])
        .orderBy("received_at")
        .execute();
      assert.deepEqual(
        kept.map((k) => k.outcome),
        ["booked", "known"],
      );
    });

    it("ignores what is not a paid payment, and keeps a notification HelloAsso cannot confirm", async () => {
      assert.equal((await notify(notification(102, 9_900))).json().outcome, "ignored");
      assert.equal((await notify({ eventType: "Order", data: {} })).json().outcome, "ignored");
      assert.equal((await notify("garbage")).statusCode, 415, "not JSON: refused before anything");
      const unknown = await notify(notification(103, 100));
      assert.equal(unknown.statusCode, 502);
      assert.equal((await notify(notification(101, 1))).json().outcome, "known");
      const accounts = (
        await h.app.inject({ method: "GET", url: `/api/v1/spaces/${CHAMBER}/ledger/accounts` })
      ).json().accounts as { code: string; balance: number }[];
      assert.equal(accounts.find((a) => a.code === "754")?.balance, 2_500, "nothing else was booked");
      const failed = await h.db.kysely
        .selectFrom("ledger_notifications")
        .select("detail")
        .where("outcome", "=", "failed")
        .execute();
      assert.deepEqual(
        failed.map((f) => f.detail),
        ["helloasso.not_found"],
      );
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });
  });
}

for (const dialect of testDialects()) {
  describe(`HelloAsso notifications without HelloAsso settings [${dialect.name}]`, () => {
    const h = useApp(dialect);

    before(async () => {
      await buildChamber(h.app, { slug: CHAMBER, name: "Chambre" });
    });

    it("records the notification, then refuses it (503) and books nothing", async () => {
      const response = await h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${CHAMBER}/helloasso/notifications`,
        payload: { eventType: "Payment", data: payment(101, "Authorized", 2_500), metadata: { id: 1 } },
      });
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.json().error, "HELLOASSO_NOT_CONFIGURED");
      const kept = await h.db.kysely
        .selectFrom("ledger_notifications")
        .select(["source", "outcome", "detail", "donation_id", "body"])
        .execute();
      assert.equal(kept.length, 1, "recorded before anything is checked");
      assert.deepEqual(
        { ...kept[0], body: JSON.parse(kept[0]?.body ?? "null").data.id },
        {
          source: "helloasso",
          outcome: "failed",
          detail: "helloasso.not_configured",
          donation_id: null,
          body: 101,
        },
      );
      const donations = await h.db.kysely.selectFrom("donations").select("id").execute();
      assert.deepEqual(donations, [], "nothing booked");
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });
  });
}
