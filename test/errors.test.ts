import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { DomainError } from "../src/core/errors.ts";
import { email, testConfig, useApp } from "./helpers/app.ts";
import { type TestDatabase, testDialects } from "./helpers/db.ts";
import { buildAdmin, buildChamber, buildMember, buildPerson, signIn } from "./helpers/factories.ts";

for (const dialect of testDialects()) {
  describe(`error pages and races [${dialect.name}]`, () => {
    const h = useApp(dialect);

    it("renders an unexpected failure as a 500 page in the layout, without its details", async () => {
      const database: TestDatabase = await dialect.create();
      const app: FastifyInstance = await buildApp({ config: testConfig(), db: database.db });
      app.get("/panne", async () => {
        throw new Error("secret interne: table introuvable");
      });
      app.get("/api/v1/panne", async () => {
        throw new Error("secret interne");
      });
      try {
        const page = await app.inject({ method: "GET", url: "/panne" });
        assert.equal(page.statusCode, 500);
        assert.match(page.body, /Erreur du serveur/);
        assert.match(page.body, /Aller au contenu/);
        assert.doesNotMatch(page.body, /secret interne/);
        const api = await app.inject({ method: "GET", url: "/api/v1/panne" });
        assert.equal(api.statusCode, 500);
        assert.deepEqual(api.json(), {
          error: "INTERNAL",
          message:
            "Une erreur inattendue s’est produite. Elle a été consignée\u202f; réessayez dans un instant.",
        });
      } finally {
        await app.close();
        await database.drop();
      }
    });

    it("serves its own stylesheet and answers unknown paths with a 404 page", async () => {
      const css = await h.app.inject({ method: "GET", url: "/assets/style.css" });
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers["content-type"]), /text\/css/);
      const missing = await h.app.inject({ method: "GET", url: "/nulle/part" });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /Page introuvable/);
      const api = await h.app.inject({ method: "GET", url: "/api/v1/nulle-part" });
      assert.deepEqual(api.json(), { error: "NOT_FOUND", message: "Cette page n’existe pas." });
    });

    it("makes exactly one administrator when the first people register at the same time", async () => {
      const database = await dialect.create();
      const app = await buildApp({ config: testConfig(), db: database.db });
      try {
        const outcomes = await Promise.allSettled(
          [1, 2, 3, 4].map((n) =>
            app.communs.accounts.register({
              email: email(`premier${n}`),
              displayName: `Premier ${n}`,
              password: "un mot de passe solide",
            }),
          ),
        );
        for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
        const admins = await database.db.kysely
          .selectFrom("persons")
          .select("id")
          .where("is_admin", "=", 1)
          .execute();
        assert.equal(admins.length, 1);
      } finally {
        await app.close();
        await database.drop();
      }
    });

    it("keeps a facilitator when the last two step down at the same time", async () => {
      const { spaces } = h.app.communs;
      const first = await buildAdmin(h.app, "F1");
      const chamber = await buildChamber(h.app, {
        by: first,
        slug: "a-deux",
        name: "Chambre à deux",
        theme: "course",
      });
      const second = await buildMember(h.app, chamber, "facilitator", { name: "F2" });

      const outcomes = await Promise.allSettled([
        spaces.leave(first, "a-deux"),
        spaces.leave(second, "a-deux"),
      ]);
      assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1);
      const refused = outcomes.find((o) => o.status === "rejected");
      assert.ok(refused?.status === "rejected" && refused.reason instanceof DomainError);
      assert.equal(refused.reason.code, "LAST_FACILITATOR");
      const facilitators = (await spaces.members(first, "a-deux")).active.filter(
        (m) => m.role === "facilitator",
      );
      assert.equal(facilitators.length, 1);
    });

    it("turns a unique-key race into a conflict, never a 500", async () => {
      const { accounts, spaces } = h.app.communs;
      const admin = await buildAdmin(h.app, "Admin");
      const address = email("course");
      const registrations = await Promise.allSettled(
        [1, 2, 3].map(() =>
          accounts.register({ email: address, displayName: "Double", password: "un mot de passe solide" }),
        ),
      );
      for (const outcome of registrations) {
        if (outcome.status === "rejected")
          assert.ok(outcome.reason instanceof DomainError && outcome.reason.status === 409);
      }
      const persons = await h.db.kysely
        .selectFrom("persons")
        .select("id")
        .where("email", "=", address)
        .execute();
      assert.equal(persons.length, 1);

      const creations = await Promise.allSettled(
        [1, 2, 3].map(() => spaces.create(admin, { kind: "assembly", name: "Course", territory: "Ici" })),
      );
      assert.equal(creations.filter((c) => c.status === "fulfilled").length, 1);
      for (const outcome of creations) {
        if (outcome.status === "rejected") {
          assert.ok(outcome.reason instanceof DomainError);
          assert.equal(outcome.reason.code, "SLUG_TAKEN");
        }
      }
    });

    it("refuses to revoke someone else's token and to leave a space one is not in", async () => {
      const owner = await signIn(h, await buildPerson(h.app, { name: "Propriétaire" }));
      const created = await owner.submit("/profil", "/profil/jetons", { name: "à moi" });
      assert.equal(created.statusCode, 200);
      const id = /action="\/profil\/jetons\/([^/]+)\/revoquer"/.exec(created.body)?.[1];
      assert.ok(id);
      const other = await signIn(h, await buildPerson(h.app, { name: "Autre" }));
      assert.equal((await other.submit("/profil", `/profil/jetons/${id}/revoquer`, {})).statusCode, 404);
      const revoked = await h.db.kysely
        .selectFrom("api_tokens")
        .select("revoked_at")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      assert.equal(revoked.revoked_at, null);

      const notIn = await other.submit("/", "/espaces/course/quitter", {});
      assert.equal(notIn.statusCode, 409);
      assert.match(notIn.body, /Vous n’êtes pas membre de cet espace\./);
    });
  });
}

describe("settings", () => {
  it("explains a bad PORT or DATABASE_URL in French", () => {
    assert.throws(() => loadConfig({ PORT: "quatre-vingts" }), /PORT doit être un entier entre 0 et 65535/);
    assert.throws(
      () => loadConfig({ DATABASE_URL: "mysql://x" }),
      /DATABASE_URL doit commencer par postgres:\/\//,
    );
    assert.throws(() => loadConfig({ LOG_LEVEL: "bavard" }), /LOG_LEVEL doit valoir fatal, error/);
    assert.throws(
      () => loadConfig({ SMTP_URL: "mail.exemple.test" }),
      /SMTP_URL doit être une adresse smtp: ou smtps:\/\//,
    );
    assert.throws(() => loadConfig({ COMMUNS_PUBLIC_URL: "ftp://x" }), /COMMUNS_PUBLIC_URL/);
    assert.equal(loadConfig({}).port, 3000);
    assert.equal(loadConfig({ COMMUNS_DATA_DIR: "/srv/communs" }).dataDir, "/srv/communs");
  });
});
