// Property tests for the decisions service's ways in (issue 12): random, oversized, missing, mistyped and
// Unicode-weird fields thrown at propose, comment, object, amend (with junk in `integrates`), position
// and an objection marked not valid, and random ids at every action that takes one. The answer is a
// result or a DomainError, never anything else (a 5xx); a refusal writes nothing (every table compared
// before and after); an acceptance stores the text cleaned, not mangled. And random JSON bodies and ids at
// the JSON API's decision routes: never a 5xx, a refusal is a French JSON 4xx that writes nothing.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "../../src/core/errors.ts";
import { multiline, oneLine } from "../../src/core/text.ts";
import { asDomainError } from "../../src/db/errors.ts";
import type { Person } from "../../src/modules/accounts/service.ts";
import { useApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { buildChamber, buildMember, buildToken } from "../helpers/factories.ts";
import {
  assertApiRefusal,
  countRows,
  hugeString,
  jsonJunk,
  RUNS,
  segment,
  snapshot,
  weirdString,
} from "../helpers/fuzz.ts";

/** A field as a client may send it: plausible, weird, huge, another JSON type, or left out. */
const value = (plausible: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 5, arbitrary: plausible },
    { weight: 3, arbitrary: weirdString },
    { weight: 1, arbitrary: hugeString },
    { weight: 2, arbitrary: jsonJunk },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const texts = fc.oneof(
  fc.constantFrom("Acheter une scie", "  Deux   espaces ", "<script>alert(1)</script>", "", " ", "\u0000"),
  fc.string({ maxLength: 40 }),
);
/** Keys a body may carry besides the fields: prototype pollution, and the engine's own columns. */
const extras = fc.dictionary(
  fc.constantFrom("__proto__", "constructor", "outcome", "id", "proposer_id", "status", "version"),
  fc.jsonValue({ maxDepth: 1 }),
  { maxKeys: 2 },
);
const body = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc
    .tuple(fc.record(fields, { requiredKeys: [] }), extras)
    .map(([known, extra]) => ({ ...extra, ...known }) as Record<string, unknown>);
/** Ids as a URL may carry them: random, NUL, lone surrogates, near-misses of real ones. */
const ids = (real: () => string[]) =>
  fc.oneof(
    weirdString,
    fc.uuid(),
    fc.constantFrom("", "\u0000", "%00", "\ud800", "1", "-1", "' or 1=1 --"),
    fc.nat(9).map((i) => `${real()[i % real().length] ?? ""}\u0000`),
    fc.nat(9).map((i) => (real()[i % real().length] ?? "").toUpperCase()),
  );

const TABLES = [
  "proposals",
  "proposal_versions",
  "proposal_objections",
  "proposal_positions",
  "proposal_comments",
] as const;

for (const dialect of testDialects()) {
  describe(`decisions under random input [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let slug = "";
    let admin: Person;
    let fac: Person;
    let ana: Person;
    let consent = "";
    let consensus = "";
    let objection = "";
    let tokens: Record<"ana" | "admin" | "fac", string> = { ana: "", admin: "", fac: "" };

    before(async () => {
      const chamber = await buildChamber(h.app);
      slug = chamber.slug;
      admin = chamber.admin as Person;
      fac = await buildMember(h.app, chamber, "facilitator");
      ana = await buildMember(h.app, chamber);
      await buildMember(h.app, chamber);
      const { decisions } = h.app.communs;
      consent = (await decisions.propose(admin, slug, { title: "Consentement", body: "Texte." })).id;
      consensus = (
        await decisions.propose(admin, slug, { title: "Consensus", body: "Texte.", mode: "consensus" })
      ).id;
      objection = await decisions.object(ana, consent, { reason: "Cela nuit." });
      tokens = {
        ana: await buildToken(h.app, ana),
        admin: await buildToken(h.app, admin),
        fac: await buildToken(h.app, fac),
      };
    });

    /**
     * Runs a call: its answer is a result or a DomainError; when refused, nothing was written. Returns
     * the result (undefined when refused) and the row counts before.
     */
    async function call<T>(label: string, input: unknown, run: () => Promise<T>) {
      const before = await snapshot(h.db);
      const counts = Object.fromEntries(
        await Promise.all(TABLES.map(async (t) => [t, await countRows(h.db, t)])),
      );
      let result: T | undefined;
      let code: string | undefined;
      const where = `${label} ${JSON.stringify(input)?.slice(0, 300)}`;
      try {
        result = await run();
      } catch (error) {
        // As the pages and the API answer it (src/web/errors.tsx): text PostgreSQL cannot hold, a NUL
        // character, is a bad request.
        const domain = asDomainError(error);
        assert.ok(domain instanceof DomainError, `not a DomainError: ${where}: ${String(error)}`);
        code = domain.code;
      }
      if (code) assert.deepEqual(await snapshot(h.db), before, `refused (${code}), yet written: ${where}`);
      return { code, result, counts: counts as Record<(typeof TABLES)[number], number>, where };
    }

    const grew = async (
      counts: Record<string, number>,
      table: (typeof TABLES)[number],
      by: number,
      where: string,
    ) => assert.equal(await countRows(h.db, table), (counts[table] ?? 0) + by, `${table}: ${where}`);

    it("propose: a proposal with its text cleaned, or a refusal that writes nothing", async () => {
      const anyProposal = body({
        title: value(texts),
        body: value(fc.oneof(texts, fc.constant("**Gras**\r\n\r\n- un\n- deux"))),
        class: value(
          fc.constantFrom("general", "socialCode", "settings", "cooptation", "expense", "autre", ""),
        ),
        mode: value(fc.constantFrom("consent", "consensus", "advice", "notice", "vote", "")),
        deadline: value(
          fc.constantFrom(
            "7",
            "0",
            "999",
            "2030-01-01T10:00Z",
            "2020-01-01T10:00Z",
            "2030-02-30T10:00Z",
            "demain",
          ),
        ),
        replaces: value(
          fc
            .constantFrom(
              () => consent,
              () => "inconnu",
            )
            .map((f) => f()),
        ),
      });
      // Half the bodies are a good one with a field or two gone wrong, so that some pass.
      const good = {
        title: "Acheter une scie",
        body: "Pour l’atelier.\r\n\r\n- **une** scie",
        mode: "consensus",
      };
      const nearlyGood = fc
        .tuple(
          anyProposal,
          fc.subarray(["title", "body", "class", "mode", "deadline", "replaces"], { maxLength: 2 }),
        )
        .map(([junk, keys]) => ({ ...good, ...Object.fromEntries(keys.map((k) => [k, junk[k]])) }));
      const input = fc.oneof(anyProposal, nearlyGood);
      await fc.assert(
        fc.asyncProperty(input, async (raw) => {
          const { code, result, counts, where } = await call("propose", raw, () =>
            h.app.communs.decisions.propose(ana, slug, raw),
          );
          if (oneLine(raw.title) === "" || multiline(raw.body) === "")
            assert.ok(code, `blank, yet accepted: ${where}`);
          if (code || !result) return;
          assert.equal(result.title, oneLine(raw.title), where);
          const { versions } = await h.app.communs.decisions.view(ana, result.id);
          assert.deepEqual(
            versions.map((v) => v.body),
            [multiline(raw.body)],
            where,
          );
          await grew(counts, "proposals", 1, where);
          await grew(counts, "proposal_versions", 1, where);
        }),
        { numRuns: RUNS },
      );
    });

    it("comment, object, position, amend, invalidate: a result or a refusal that writes nothing", async () => {
      const { decisions } = h.app.communs;
      const action = fc.oneof(
        body({
          kind: value(fc.constantFrom("question", "answer", "reaction", "vote")),
          text: value(texts),
        }).map((raw) => ({
          raw,
          name: "comment",
          table: "proposal_comments" as const,
          run: () => decisions.comment(ana, consent, raw),
        })),
        body({ reason: value(texts), harm: value(texts) }).map((raw) => ({
          raw,
          name: "object",
          table: "proposal_objections" as const,
          run: () => decisions.object(ana, consent, raw),
        })),
        body({
          position: value(fc.constantFrom("agree", "abstain", "disagree", "block", "veto", "")),
          reason: value(texts),
        }).map((raw) => ({
          raw,
          name: "position",
          table: undefined,
          run: () => decisions.position(ana, consensus, raw),
        })),
        body({
          body: value(texts),
          note: value(texts),
          integrates: value(
            fc.oneof(
              fc.constant([] as unknown[]),
              fc.array(fc.oneof(fc.constant("objection"), weirdString, jsonJunk), { maxLength: 4 }),
              fc.constant(Array.from({ length: 101 }, () => "objection")),
            ),
          ),
        }).map((raw) => {
          // "objection" stands for the real one, so that some amendments offer to integrate it.
          const integrates = Array.isArray(raw.integrates)
            ? raw.integrates.map((x) => (x === "objection" ? objection : x))
            : raw.integrates;
          const sent = { ...raw, integrates };
          return {
            raw: sent,
            name: "amend",
            table: "proposal_versions" as const,
            run: () => decisions.amend(admin, consent, sent),
          };
        }),
        body({ reason: value(texts) }).map((raw) => ({
          raw,
          name: "invalidate",
          table: undefined,
          run: () => decisions.invalidateObjection(fac, objection, raw),
        })),
      );
      await fc.assert(
        fc.asyncProperty(
          action,
          async ({
            raw,
            name,
            table,
            run,
          }: {
            raw: unknown;
            name: string;
            table?: (typeof TABLES)[number];
            run: () => Promise<unknown>;
          }) => {
            const { code, counts, where } = await call(name, raw, run);
            if (!code && table) await grew(counts, table, 1, where);
          },
        ),
        { numRuns: RUNS * 2 },
      );
    });

    it("random ids: not found (or refused), never anything else, and nothing written", async () => {
      const { decisions } = h.app.communs;
      const real = () => [consent, consensus, objection];
      const input = fc.record({
        id: ids(real),
        what: fc.constantFrom(
          "view",
          "comment",
          "object",
          "position",
          "amend",
          "withdraw",
          "resolve",
          "invalidate",
        ),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ id, what }) => {
          const text = { text: "Une question ?", reason: "Parce que.", body: "Texte.", position: "agree" };
          const runs: Record<string, () => Promise<unknown>> = {
            view: () => decisions.view(ana, id),
            comment: () => decisions.comment(ana, id, text),
            object: () => decisions.object(ana, id, text),
            position: () => decisions.position(ana, id, text),
            amend: () => decisions.amend(admin, id, text),
            withdraw: () => decisions.withdraw(admin, id),
            resolve: () => decisions.resolveObjection(ana, id, "withdrawn"),
            invalidate: () => decisions.invalidateObjection(fac, id, text),
          };
          const { code, where } = await call(
            `${what} ${JSON.stringify(id)}`,
            id,
            runs[what] as () => Promise<unknown>,
          );
          if (!real().includes(id)) assert.ok(code, `an unknown id was accepted: ${where}`);
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it("the JSON API: random bodies and ids are answered, never with a 5xx; a refusal writes nothing", async () => {
      const field = (plausible: fc.Arbitrary<unknown>) => value(plausible);
      const json = fc.oneof(
        body({
          title: field(texts),
          body: field(texts),
          class: field(fc.constantFrom("general", "socialCode", "settings", "expense")),
          mode: field(fc.constantFrom("consent", "consensus", "notice", "vote")),
          deadline: field(fc.constantFrom("2030-01-01T10:00:00Z", "2020-01-01T10:00:00Z", "7", "")),
          reason: field(texts),
          harm: field(texts),
          position: field(fc.constantFrom("agree", "block", "veto")),
          integrates: field(fc.array(fc.oneof(fc.constant("objection"), weirdString), { maxLength: 3 })),
          kind: field(fc.constantFrom("question", "reaction", "vote")),
          text: field(texts),
        }),
        fc.jsonValue({ maxDepth: 2 }),
      );
      // Each route with the fields its schema takes: a body is mostly cut down to them, sometimes not.
      const route = fc.constantFrom(
        ["ana", "/api/v1/spaces/{slug}/proposals", "title body class mode deadline"],
        ["ana", "/api/v1/proposals/{consent}/objections", "reason harm"],
        ["ana", "/api/v1/proposals/{consent}/comments", "kind text"],
        ["ana", "/api/v1/proposals/{consensus}/positions", "position reason"],
        ["admin", "/api/v1/proposals/{consent}/amend", "body note integrates"],
        ["admin", "/api/v1/proposals/{id}/withdraw", ""],
        ["ana", "/api/v1/proposals/{id}/objections", "reason harm"],
        ["ana", "/api/v1/objections/{id}/withdraw", ""],
        ["ana", "/api/v1/objections/{id}/accept", ""],
        ["fac", "/api/v1/objections/{id}/invalidate", "reason"],
      );
      const input = fc.record({
        route,
        payload: json,
        cut: fc.nat(3),
        id: ids(() => [consent, consensus, objection]),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ route: [who, template, keys], payload, cut, id }) => {
          const fields = keys.split(" ");
          const shaped =
            cut > 0 && payload && typeof payload === "object" && !Array.isArray(payload)
              ? Object.fromEntries(Object.entries(payload).filter(([k]) => fields.includes(k)))
              : payload;
          const sent = JSON.parse(
            JSON.stringify(shaped ?? null).replaceAll('"objection"', JSON.stringify(objection)),
          );
          const url = template
            .replace("{slug}", slug)
            .replace("{consent}", consent)
            .replace("{consensus}", consensus)
            .replace("{id}", segment(id));
          const before = await snapshot(h.db);
          const response = await h.app.inject({
            method: "POST",
            url,
            headers: {
              authorization: `Bearer ${tokens[who as keyof typeof tokens]}`,
              "content-type": "application/json",
            },
            payload: JSON.stringify(sent),
          });
          const where = `${url} ${JSON.stringify(sent).slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.ok(response.statusCode < 500, `server error: ${where}`);
          if (response.statusCode < 400) return;
          assertApiRefusal(response, where);
          assert.deepEqual(await snapshot(h.db), before, `refused, yet written: ${where}`);
        }),
        { numRuns: RUNS * 2 },
      );
    });
  });
}
