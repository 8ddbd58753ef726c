import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildMember,
  buildPerson,
  buildToken,
} from "../../../test/helpers/factories.ts";

const CHAMBER = "chambre-des-dons";

for (const dialect of testDialects()) {
  describe(`ledger JSON API: donations and accounts [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let treasurerToken = "";
    let memberToken = "";

    before(async () => {
      const { ledger } = h.app.communs;
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des dons" });
      const treasurer = await buildMember(h.app, chamber, "treasurer", { name: "Tess" });
      const member = await buildMember(h.app, chamber, "member", { name: "Malo" });
      await ledger.createAccount(CHAMBER, { code: "ENV-SALLE", label: "Salle", kind: "envelope" });
      treasurerToken = await buildToken(h.app, treasurer);
      memberToken = await buildToken(h.app, member);
    });

    const donate = (payload: unknown, key: string | undefined, token = treasurerToken) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${CHAMBER}/donations`,
        payload: payload as object,
        headers: { authorization: `Bearer ${token}`, ...(key ? { "idempotency-key": key } : {}) },
      });

    it("books a donation once per Idempotency-Key, to the bank and the chosen envelope", async () => {
      const body = {
        amount: 12_000,
        date: "2026-03-14",
        donor: { name: "Camille Martin" },
        display: "pseudonym",
        pseudonym: "Une voisine",
        envelope: "ENV-SALLE",
      };
      const first = await donate(body, "don-1");
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().shownAs, "Une voisine");
      const again = await donate(body, "don-1");
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().id, first.json().id);
      const conflict = await donate({ ...body, amount: 12_001, envelope: undefined }, "don-1");
      assert.equal(conflict.statusCode, 409);
      const accounts = (
        await h.app.inject({ method: "GET", url: `/api/v1/spaces/${CHAMBER}/ledger/accounts` })
      ).json().accounts as { code: string; balance: number; debits: number }[];
      const of = (code: string) => accounts.find((a) => a.code === code);
      assert.equal(of("754")?.balance, 12_000);
      assert.equal(of("512")?.debits, 12_000);
      assert.equal(of("ENV-SALLE")?.balance, 12_000);
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
    });

    it("books nothing into an assembly: 404 with the French message, no chart of accounts, no transfer", async () => {
      const admin = await buildAdmin(h.app);
      const assembly = await buildAssembly(h.app, { by: admin });
      const response = await h.app.inject({
        method: "POST",
        url: `/api/v1/spaces/${assembly.slug}/donations`,
        payload: { amount: 5_000, date: "2026-03-14" },
        headers: {
          authorization: `Bearer ${await buildToken(h.app, admin)}`,
          "idempotency-key": "assemblee-1",
          "accept-language": "fr",
        },
      });
      assert.equal(response.statusCode, 404);
      assert.match(response.body, /Cet espace n’existe pas/);
      const { kysely } = h.db;
      const accounts = await kysely
        .selectFrom("ledger_accounts")
        .where("space_id", "=", assembly.space.id)
        .selectAll()
        .execute();
      const transfers = await kysely
        .selectFrom("ledger_transfers")
        .where("space_id", "=", assembly.space.id)
        .selectAll()
        .execute();
      assert.deepEqual([accounts.length, transfers.length], [0, 0]);
    });

    it("asks for the key, refuses members who do not hold the money, and bad bodies", async () => {
      assert.equal((await donate({ amount: 100, date: "2026-03-14" }, undefined)).statusCode, 400);
      assert.equal((await donate({ amount: 100, date: "2026-03-14" }, "m-1", memberToken)).statusCode, 403);
      assert.equal((await donate({ amount: 1.5, date: "2026-03-14" }, "b-1")).statusCode, 400);
      assert.equal((await donate({ amount: 100, date: "14/03/2026" }, "b-2")).statusCode, 400);
      assert.equal((await donate({ amount: 100, date: "2026-02-30" }, "b-3")).statusCode, 400);
      assert.equal(
        (await donate({ amount: 100, date: "2026-03-14", envelope: "NOPE" }, "b-4")).statusCode,
        400,
      );
      assert.equal((await donate({ amount: 100, date: "2026-03-14", colour: "red" }, "b-5")).statusCode, 400);
    });

    it("replays a donation as it was booked, and refuses the same key sent to another envelope", async () => {
      const gift = { amount: 2_500, date: "2026-03-20", method: "cash" };
      assert.equal((await donate(gift, "r-1")).statusCode, 201);
      const replay = await donate(gift, "r-1");
      assert.equal(replay.statusCode, 200);
      assert.equal(replay.json().envelope, null);
      const elsewhere = await donate({ ...gift, envelope: "ENV-SALLE" }, "r-1");
      assert.equal(elsewhere.statusCode, 409);
      assert.equal(elsewhere.json().error, "IDEMPOTENCY_CONFLICT");
    });

    it("takes expense claims: a member submits, the treasurer approves and pays, the author cannot approve", async () => {
      const post = (url: string, token: string, payload: unknown = {}) =>
        h.app.inject({
          method: "POST",
          url,
          payload: payload as object,
          headers: { authorization: `Bearer ${token}` },
        });
      const submitted = await post(`/api/v1/spaces/${CHAMBER}/expense-claims`, memberToken, {
        title: "Salle du 9 avril",
        amount: 12_000,
        date: "2026-04-09",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      assert.equal(submitted.statusCode, 201, submitted.body);
      const id = submitted.json().id;
      assert.equal((await post(`/api/v1/expense-claims/${id}/approve`, memberToken)).statusCode, 403);
      const approved = await post(`/api/v1/expense-claims/${id}/approve`, treasurerToken);
      assert.equal(approved.json().status, "approved");
      const paid = await post(`/api/v1/expense-claims/${id}/pay`, treasurerToken, { date: "2026-04-15" });
      assert.equal(paid.json().status, "paid");
      assert.equal(
        (await post(`/api/v1/expense-claims/${id}/reject`, treasurerToken, { reason: "x" })).statusCode,
        409,
      );
      const transfers = (
        await h.app.inject({ method: "GET", url: `/api/v1/spaces/${CHAMBER}/ledger/transfers?year=2026` })
      ).json().transfers as { label: string; amount: number }[];
      assert.ok(transfers.some((t) => t.label === "Remboursement : Salle du 9 avril" && t.amount === 12_000));
      assert.ok(!transfers.some((t) => t.label.includes("Camille")), "donors only as they chose");
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);

      const get = (url: string, token?: string) =>
        h.app.inject({ method: "GET", url, headers: token ? { authorization: `Bearer ${token}` } : {} });
      const detail = await get(`/api/v1/expense-claims/${id}`, memberToken);
      assert.equal(detail.statusCode, 200, detail.body);
      assert.deepEqual(
        detail.json().history.map((e: { action: string; actor: string }) => [e.action, e.actor]),
        [
          ["ledger.claimSubmitted", "Malo"],
          ["ledger.claimApproved", "Tess"],
          ["ledger.claimPaid", "Tess"],
        ],
      );
      assert.deepEqual(detail.json().receipts, []);
      assert.equal((await get(`/api/v1/expense-claims/${id}`)).statusCode, 401);
      const other = await buildPerson(h.app, { name: "Olga" });
      const otherToken = await buildToken(h.app, other);
      assert.equal((await get(`/api/v1/expense-claims/${id}`, otherToken)).statusCode, 403);
      assert.equal((await get(`/api/v1/spaces/${CHAMBER}/expense-claims`, otherToken)).statusCode, 403);
      const paidOnes = await get(`/api/v1/spaces/${CHAMBER}/expense-claims?status=paid`, treasurerToken);
      assert.deepEqual(
        paidOnes.json().claims.map((c: { id: string }) => c.id),
        [id],
      );
      assert.equal(
        (await get(`/api/v1/spaces/${CHAMBER}/expense-claims?status=lost`, treasurerToken)).statusCode,
        400,
      );
    });

    it("never answers 5xx to random bodies, and keeps the books balanced", async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              amount: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double(), fc.string()),
              date: fc.oneof(fc.constant("2026-04-01"), fc.string()),
              method: fc.oneof(fc.constantFrom("card", "cash", "sepa"), fc.string()),
              display: fc.oneof(fc.constantFrom("name", "pseudonym", "hidden"), fc.string()),
            },
            { requiredKeys: [] },
          ),
          async (payload) => {
            const response = await donate(payload, `random-${n++}`);
            assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
          },
        ),
        { numRuns: 40 },
      );
      assert.deepEqual(await h.app.communs.ledger.verify(CHAMBER), []);
      assert.ok(
        (await h.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json().paths[
          "/api/v1/spaces/{slug}/donations"
        ],
      );
    });
  });
}
