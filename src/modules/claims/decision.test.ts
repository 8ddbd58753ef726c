// An expense above the chamber's do-ocracy cap is decided by consent: its claim opens a proposal, cannot
// be approved before that proposal is adopted (by the service, the page or the API), and is rejected
// with the reasons when the proposal is not adopted. Under the cap, a treasurer approves at once.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { expireRound, roundAbout } from "../../../test/helpers/decisions.ts";
import {
  buildChamber,
  buildMember,
  buildToken,
  errorCode as code,
  signIn,
} from "../../../test/helpers/factories.ts";
import { urls } from "../../web/urls.ts";
import type { Person } from "../accounts/service.ts";

for (const dialect of testDialects()) {
  describe(`expenses above the do-ocracy cap [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let slug: string;
    let treasurer: Person;
    let malo: Person;
    let olga: Person;
    let page: Visitor;
    let token: string;
    const claim = (title: string, amount: number) =>
      h.app.communs.claims.submit(malo, slug, { title, amount, date: "2026-11-02", account: "6132" });
    const status = async (id: string) => (await h.app.communs.claims.get(id))?.status;

    before(async () => {
      const chamber = await buildChamber(h.app, { name: "Chambre plafonnée", doocracyCap: 5_000 });
      slug = chamber.slug;
      treasurer = await buildMember(h.app, chamber, "treasurer", { name: "Tess" });
      malo = await buildMember(h.app, chamber, "member", { name: "Malo" });
      olga = await buildMember(h.app, chamber, "member", { name: "Olga" });
      page = await signIn(h, treasurer);
      token = await buildToken(h.app, treasurer);
    });

    it("approves under the cap at once, and opens no round", async () => {
      const small = await claim("Timbres", 4_999);
      await h.app.communs.claims.approve(treasurer, small.id);
      assert.equal(await status(small.id), "approved");
      const rounds = await h.db.kysely
        .selectFrom("proposals")
        .select("id")
        .where("subject_id", "=", small.id)
        .execute();
      assert.equal(rounds.length, 0);
    });

    it("refuses approval before adoption through the service, the page and the API, then approves", async () => {
      const big = await claim("Location du chapiteau", 30_000);
      const round = await roundAbout(h.db, "expenseClaim", big.id);
      const view = await h.app.communs.decisions.view(malo, round);
      assert.deepEqual(
        [view.proposal.class, view.proposal.mode, view.proposal.proposer_id],
        ["expense", "consent", malo.id],
      );
      assert.equal(await code(() => h.app.communs.claims.approve(treasurer, big.id)), "DECISION_PENDING");
      const shown = await page.get(urls.claim(slug, big.id));
      assert.match(shown.body, new RegExp(`/decisions/${view.proposal.number}`));
      assert.doesNotMatch(shown.body, /\/approuver"/, "no approval button while the round runs");
      const refused = await page.submit(urls.claim(slug, big.id), urls.claimApprove(slug, big.id), {});
      assert.equal(refused.statusCode, 409);
      const api = await h.app.inject({
        method: "POST",
        url: `/api/v1/expense-claims/${big.id}/approve`,
        headers: { authorization: `Bearer ${token}` },
        payload: {},
      });
      assert.deepEqual([api.statusCode, api.json().error], [409, "DECISION_PENDING"]);
      assert.equal(await status(big.id), "submitted");
      await expireRound(h.db, round);
      await h.app.communs.decisions.settle(round);
      await h.app.communs.claims.approve(treasurer, big.id);
      assert.equal(await status(big.id), "approved");
    });

    it("rejects the claim with the objection's words when its round is not adopted", async () => {
      const big = await claim("Traiteur", 80_000);
      const round = await roundAbout(h.db, "expenseClaim", big.id);
      await h.app.communs.decisions.object(olga, round, { reason: "Un repas partagé suffit." });
      await expireRound(h.db, round);
      await h.app.communs.decisions.settle(round);
      await expireRound(h.db, round);
      await h.app.communs.decisions.settle(round);
      const rejected = await h.app.communs.claims.get(big.id);
      assert.equal(rejected?.status, "rejected");
      assert.match(rejected?.reason ?? "", /Un repas partagé suffit/);
    });
  });
}
