import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "./errors.ts";
import { can, joinStatus } from "./policy.ts";
import { checkNewSpace, KIND_DEFAULTS, slugify, slugProblem } from "./spaces.ts";

describe("spaces rules", () => {
  it("gives each kind the seed's defaults", () => {
    assert.deepEqual(KIND_DEFAULTS.assembly, {
      territorial: true,
      decisionMode: "stigmergy",
      functions: "discovery_exploration",
      access: "open",
      forkPolicy: "avoid",
      formalisation: "low",
    });
    assert.deepEqual(KIND_DEFAULTS.chamber, {
      territorial: false,
      decisionMode: "consent",
      functions: "securing_dialogue",
      access: "cooptation",
      forkPolicy: "encouraged",
      formalisation: "statutes",
    });
  });

  it("makes slugs from French names", () => {
    assert.equal(slugify("Assemblée des communs de Lille"), "assemblee-des-communs-de-lille");
    assert.equal(slugify("  Chambre — Tiers-lieux & Mobilité ! "), "chambre-tiers-lieux-mobilite");
    assert.equal(slugify("Œuvre"), "uvre");
  });

  it("always produces a valid slug or an empty one", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (name) => {
        const slug = slugify(name);
        const problem = slugProblem(slug);
        assert.ok(
          slug === "" ? problem === "field.required" : problem === undefined || problem === "slug.reserved",
        );
      }),
    );
  });

  it("refuses reserved and malformed slugs", () => {
    assert.equal(slugProblem("nouveau"), "slug.reserved");
    assert.equal(slugProblem("Lille"), "slug.format");
    assert.equal(slugProblem("a--b"), "slug.format");
    assert.equal(slugProblem("a".repeat(61)), "field.tooLong.60");
  });

  it("requires a territory for an assembly and a theme for a chamber", () => {
    for (const [kind, field] of [
      ["assembly", "territory"],
      ["chamber", "theme"],
    ] as const) {
      try {
        checkNewSpace({ kind, name: "Un espace" });
        assert.fail("expected a validation error");
      } catch (error) {
        assert.ok(error instanceof DomainError);
        assert.equal(error.fields[field], "field.required");
      }
    }
    const chamber = checkNewSpace({
      kind: "chamber",
      name: "Chambre mobilité",
      theme: "mobilité",
      territory: "ignoré",
      assembly: "lille",
    });
    assert.equal(chamber.slug, "chambre-mobilite");
    assert.equal(chamber.territory, null);
    assert.equal(chamber.assemblySlug, "lille");
  });
});

describe("permissions", () => {
  const person = { id: "p", isAdmin: false };
  const admin = { id: "a", isAdmin: true };

  it("lets facilitators and administrators manage members, and nobody else", () => {
    assert.equal(can(admin, "space.manageMembers", { membership: undefined }), true);
    assert.equal(
      can(person, "space.manageMembers", { membership: { role: "facilitator", status: "active" } }),
      true,
    );
    assert.equal(
      can(person, "space.manageMembers", { membership: { role: "member", status: "active" } }),
      false,
    );
    assert.equal(
      can(person, "space.manageMembers", { membership: { role: "treasurer", status: "active" } }),
      false,
    );
    assert.equal(
      can(person, "space.manageMembers", { membership: { role: "facilitator", status: "left" } }),
      false,
    );
    assert.equal(can(undefined, "space.manageMembers", { membership: undefined }), false);
  });

  it("lets no pending or former facilitator decide", () => {
    assert.equal(
      can(person, "space.readAudit", { membership: { role: "facilitator", status: "pending" } }),
      false,
    );
    assert.equal(
      can(person, "space.readAudit", { membership: { role: "facilitator", status: "active" } }),
      true,
    );
  });

  it("admits at once into an open space and holds requests for a co-opted one", () => {
    assert.equal(joinStatus("open"), "active");
    assert.equal(joinStatus("cooptation"), "pending");
  });
});
