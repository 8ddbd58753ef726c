// Login throttling: per account (5 failures in 15 minutes pause the address, even for the right
// password, known address or not) and per IP address (COMMUNS_LOGIN_RATE_LIMIT requests).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { email, useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { countRows } from "../helpers/fuzz.ts";

const TOO_MANY = "Trop de tentatives. Patientez un quart d’heure avant de réessayer.";
const PASSWORD = "un mot de passe solide";

for (const dialect of testDialects()) {
  describe(`login throttling per account [${dialect.name}]`, () => {
    const h = useApp(dialect);
    const victim = email("victim");
    const bystander = email("bystander");

    before(async () => {
      await new Visitor(h).register({ email: victim, displayName: "Vic" });
      await new Visitor(h).register({ email: bystander, displayName: "Bob" });
    });

    it("pauses an account after 5 failures, even for the right password", async () => {
      const attacker = new Visitor(h);
      for (let i = 0; i < 5; i += 1) {
        const failed = await attacker.login(
          i % 2 === 0 ? victim : victim.toUpperCase(),
          `mauvais ${i} essai`,
        );
        assert.equal(failed.statusCode, 400, `attempt ${i + 1}`);
      }
      const sessions = await countRows(h.db, "sessions");
      const owner = new Visitor(h);
      const paused = await owner.login(victim, PASSWORD);
      assert.equal(paused.statusCode, 429);
      assert.ok(paused.body.includes(TOO_MANY));
      assert.match(paused.body, /<html lang="fr"/);
      assert.equal(owner.cookie("communs_session"), undefined);
      assert.equal(await countRows(h.db, "sessions"), sessions, "no session opened");
    });

    it("pauses an unknown address the same way, so the pause tells nothing", async () => {
      const nobody = email("nobody");
      const attacker = new Visitor(h);
      for (let i = 0; i < 5; i += 1)
        assert.equal((await attacker.login(nobody, `essai ${i}`)).statusCode, 400);
      const paused = await attacker.login(nobody, PASSWORD);
      assert.equal(paused.statusCode, 429);
      assert.ok(paused.body.includes(TOO_MANY));
    });

    it("leaves other accounts alone", async () => {
      assert.equal((await new Visitor(h).login(bystander)).statusCode, 303);
    });

    it("clears the count after a successful login", async () => {
      const address = email("forgetful");
      await new Visitor(h).register({ email: address, displayName: "Fred" });
      const visitor = new Visitor(h);
      for (let i = 0; i < 4; i += 1) await visitor.login(address, `oubli ${i}`);
      assert.equal((await visitor.login(address)).statusCode, 303);
      for (let i = 0; i < 4; i += 1)
        assert.equal((await visitor.login(address, `oubli ${i}`)).statusCode, 400);
      assert.equal((await visitor.login(address)).statusCode, 303);
    });
  });

  describe(`login throttling per IP address [${dialect.name}]`, () => {
    const h = useApp(dialect, { loginRateLimit: 3 });
    const address = email("ip");

    before(async () => {
      await h.app.communs.accounts.createByOperator({
        email: address,
        displayName: "Ida",
        password: PASSWORD,
      });
    });

    it("refuses the 4th login request from one address with 429, whatever it holds", async () => {
      const visitor = new Visitor(h);
      for (let i = 0; i < 3; i += 1) {
        const response = await visitor.login(email(`other${i}`), "quelconque mot de passe");
        assert.equal(response.statusCode, 400, `request ${i + 1}`);
      }
      const fourth = await visitor.login(address);
      assert.equal(fourth.statusCode, 429);
      assert.ok(fourth.body.includes(TOO_MANY));
      assert.equal(visitor.cookie("communs_session"), undefined);
    });

    it("still serves another IP address", async () => {
      const elsewhere = new Visitor(h);
      await elsewhere.get("/connexion");
      const response = await elsewhere.request({
        method: "POST",
        url: "/connexion",
        remoteAddress: "203.0.113.7",
        payload: new URLSearchParams({
          _csrf: elsewhere.csrfToken(),
          email: address,
          password: PASSWORD,
        }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(response.statusCode, 303);
    });
  });
}
