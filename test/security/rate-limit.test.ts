// Login throttling: per (account, address) pair (after 5 failures the pair waits 1 s, 2 s, 4 s… before
// its next try, even with the right password, known address or not; the owner elsewhere is never slowed)
// and per IP address (COMMUNS_LOGIN_RATE_LIMIT requests).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { email, useApp, Visitor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildPerson, PASSWORD } from "../helpers/factories.ts";
import { countRows, frenchMessage } from "../helpers/fuzz.ts";

const TOO_MANY = "Trop de tentatives. Patientez un quart d’heure avant de réessayer.";
const DELAYED = frenchMessage("LOGIN_DELAYED");

/** A login from another IP address than the tests' usual 127.0.0.1. */
async function loginFrom(visitor: Visitor, remoteAddress: string, address: string, password = PASSWORD) {
  await visitor.get("/connexion");
  return visitor.request({
    method: "POST",
    url: "/connexion",
    remoteAddress,
    payload: new URLSearchParams({ _csrf: visitor.csrfToken(), email: address, password }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

for (const dialect of testDialects()) {
  describe(`login throttling per account and address [${dialect.name}]`, () => {
    const h = useApp(dialect);
    const victim = email("victim");
    const bystander = email("bystander");

    before(async () => {
      await buildPerson(h.app, { email: victim, name: "Vic" });
      await buildPerson(h.app, { email: bystander, name: "Bob" });
    });

    it("slows the pair down after 5 failures, even for the right password, but never the owner elsewhere", async () => {
      const attacker = new Visitor(h);
      for (let i = 0; i < 5; i += 1) {
        const failed = await attacker.login(
          i % 2 === 0 ? victim : victim.toUpperCase(),
          `mauvais ${i} essai`,
        );
        assert.equal(failed.statusCode, 400, `attempt ${i + 1}`);
      }
      const sessions = await countRows(h.db, "sessions");
      const sameAddress = new Visitor(h);
      const paused = await sameAddress.login(victim, PASSWORD);
      assert.equal(paused.statusCode, 429);
      assert.ok(paused.body.includes(DELAYED));
      assert.equal(paused.headers["retry-after"], "1");
      assert.match(paused.body, /<html lang="fr"/);
      assert.match(paused.body, /name="password"/, "the login form is shown again");
      assert.equal(sameAddress.cookie("communs_session"), undefined);
      assert.equal(await countRows(h.db, "sessions"), sessions, "no session opened");

      const owner = new Visitor(h);
      const elsewhere = await loginFrom(owner, "198.51.100.23", victim);
      assert.equal(elsewhere.statusCode, 303, "the owner from another address is not slowed");
      assert.ok(owner.cookie("communs_session"));
    });

    it("slows an unknown address the same way, so the wait tells nothing", async () => {
      const nobody = email("nobody");
      const attacker = new Visitor(h);
      for (let i = 0; i < 5; i += 1)
        assert.equal((await attacker.login(nobody, `essai ${i}`)).statusCode, 400);
      const paused = await attacker.login(nobody, PASSWORD);
      assert.equal(paused.statusCode, 429);
      assert.ok(paused.body.includes(DELAYED));
    });

    it("doubles the wait at each new failure, and does not count the tries refused while waiting", async () => {
      const address = email("patient");
      await buildPerson(h.app, { email: address, name: "Pat" });
      const attacker = new Visitor(h);
      const from = "192.0.2.44";
      for (let i = 0; i < 5; i += 1)
        assert.equal((await loginFrom(attacker, from, address, `faux ${i}`)).statusCode, 400);
      for (let i = 0; i < 3; i += 1) {
        const waiting = await loginFrom(attacker, from, address, "encore faux");
        assert.equal(waiting.statusCode, 429);
        assert.equal(waiting.headers["retry-after"], "1", "refused tries do not lengthen the wait");
      }
      await sleep(1_100);
      assert.equal((await loginFrom(attacker, from, address, "faux 6")).statusCode, 400);
      const longer = await loginFrom(attacker, from, address, PASSWORD);
      assert.equal(longer.statusCode, 429);
      assert.equal(longer.headers["retry-after"], "2");
      await sleep(2_100);
      assert.equal(
        (await loginFrom(attacker, from, address)).statusCode,
        303,
        "a success once the wait is over",
      );
      for (let i = 0; i < 4; i += 1)
        assert.equal(
          (await loginFrom(attacker, from, address, `oubli ${i}`)).statusCode,
          400,
          "the success cleared the pair",
        );
    });

    it("counts simultaneous tries one after the other: no more guesses in parallel", async () => {
      const address = email("parallel");
      await buildPerson(h.app, { email: address, name: "Paula" });
      const attacker = new Visitor(h);
      await attacker.get("/connexion");
      const csrf = attacker.csrfToken();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          attacker.request({
            method: "POST",
            url: "/connexion",
            remoteAddress: "192.0.2.99",
            payload: new URLSearchParams({ _csrf: csrf, email: address, password: `essai ${i}` }).toString(),
            headers: { "content-type": "application/x-www-form-urlencoded" },
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.statusCode).sort();
      assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429, 429, 429, 429, 429]);
    });

    it("leaves other accounts alone", async () => {
      assert.equal((await new Visitor(h).login(bystander)).statusCode, 303);
    });

    it("clears the count after a successful login", async () => {
      const address = email("forgetful");
      await buildPerson(h.app, { email: address, name: "Fred" });
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
      await buildPerson(h.app, { email: address, name: "Ida" });
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
