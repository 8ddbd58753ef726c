// A chamber's expenses, as the seed's chamber lives them: a room at 120 € a day, reimbursed to the
// member who paid it, from the envelope the assembly's donations fund.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildChamber,
  buildDonation,
  buildMember,
  errorCode as code,
} from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";
import type { Ledger } from "../ledger/service.ts";
import type { Claims } from "./service.ts";

const CHAMBER = "chambre-des-frais";

for (const dialect of testDialects()) {
  describe(`expense claims [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let ledger: Ledger;
    let claims: Claims;
    let treasurer: Person;
    let member: Person;
    const balance = async (c: string) => (await ledger.accounts(CHAMBER)).find((a) => a.code === c);

    before(async () => {
      ({ ledger, claims } = h.app.communs);
      const chamber = await buildChamber(h.app, { slug: CHAMBER, name: "Chambre des frais" });
      treasurer = await buildMember(h.app, chamber, "treasurer", { name: "tess" });
      member = await buildMember(h.app, chamber, "member", { name: "malo" });
      await ledger.createAccount(CHAMBER, {
        code: "ENV-SALLE",
        label: "Location de salles",
        kind: "envelope",
      });
      await buildDonation(h.app, CHAMBER, treasurer, {
        amount: 30_000,
        date: "2026-03-01",
        donor: null,
        display: "hidden",
        envelope: "ENV-SALLE",
      });
    });

    it("submits, approves (reserving the envelope), pays, and shows who did what", async () => {
      const claim = await claims.submit(member, CHAMBER, {
        title: "Salle du 9 avril",
        amount: 12_000,
        date: "2026-04-09",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      await claims.edit(member, claim.id, {
        title: "Salle de la plénière du 9 avril",
        amount: 12_000,
        date: "2026-04-09",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      assert.equal(
        await code(() => claims.approve(member, claim.id)),
        "FORBIDDEN",
        "nobody approves their own claim",
      );
      await claims.approve(treasurer, claim.id);
      assert.equal((await balance("ENV-SALLE"))?.pendingDebits, 12_000);
      assert.equal(
        await code(() =>
          claims.edit(member, claim.id, { title: "x", amount: 1, date: "2026-04-09", account: "6132" }),
        ),
        "CLAIM_DECIDED",
      );
      await claims.pay(treasurer, claim.id, "2026-04-15");
      const envelope = await balance("ENV-SALLE");
      assert.deepEqual([envelope?.credits, envelope?.debits, envelope?.pendingDebits], [30_000, 12_000, 0]);
      assert.equal((await balance("6132"))?.debits, 12_000);
      assert.equal((await balance("512"))?.credits, 12_000);
      const history = await claims.history(claim.id);
      assert.deepEqual(
        history.map((e) => [e.action, e.actorName]),
        [
          ["ledger.claimSubmitted", "malo"],
          ["ledger.claimEdited", "malo"],
          ["ledger.claimApproved", "tess"],
          ["ledger.claimPaid", "tess"],
        ],
      );
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("rejects with a reason, releasing the reservation; never approves beyond the envelope", async () => {
      const big = await claims.submit(member, CHAMBER, {
        title: "Trop cher",
        amount: 20_000,
        date: "2026-05-01",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      assert.equal(await code(() => claims.approve(treasurer, big.id)), "ENVELOPE_INSUFFICIENT");
      const small = await claims.submit(member, CHAMBER, {
        title: "Salle",
        amount: 12_000,
        date: "2026-05-02",
        account: "6132",
        envelope: "ENV-SALLE",
      });
      await claims.approve(treasurer, small.id);
      assert.equal(await code(() => claims.reject(treasurer, small.id, "")), "VALIDATION_FAILED");
      await claims.reject(treasurer, small.id, "Salle prêtée gracieusement");
      assert.equal((await balance("ENV-SALLE"))?.pendingDebits, 0);
      assert.equal(await code(() => claims.pay(treasurer, small.id, "2026-05-03")), "CLAIM_NOT_APPROVED");
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });

    it("books a waiver as a donation, and checks what is submitted", async () => {
      const travel = await claims.submit(member, CHAMBER, {
        title: "Train",
        amount: 4_550,
        date: "2026-06-01",
        account: "625",
      });
      const donationsBefore = (await balance("754"))?.credits ?? 0;
      await claims.waive(member, travel.id);
      assert.equal((await balance("754"))?.credits, donationsBefore + 4_550);
      assert.equal((await balance("625"))?.debits, 4_550);
      assert.equal(
        await code(() =>
          claims.submit(member, CHAMBER, { title: "", amount: 0, date: "hier", account: "754" }),
        ),
        "VALIDATION_FAILED",
      );
      assert.deepEqual(await ledger.verify(CHAMBER), []);
    });
  });
}
