import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { useApp } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildMember,
  buildPerson,
  buildToken,
} from "../../../test/helpers/factories.ts";
import { createFixtureGeocoder } from "../geocoding/fixture.ts";
import { createJobs } from "../jobs/service.ts";
import { createCommons } from "./service.ts";

const SPACE = "assemblee-api";

for (const dialect of testDialects()) {
  describe(`directory of commons, JSON API [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let facilitatorToken = "";
    let memberToken = "";
    let strangerToken = "";

    before(async () => {
      const facilitator = await buildAdmin(h.app, "Fanny");
      const assembly = await buildAssembly(h.app, {
        by: facilitator,
        slug: SPACE,
        name: "Assemblée API",
        territory: "Roubaisville",
      });
      const member = await buildMember(h.app, assembly, "member", { name: "Malo" });
      const stranger = await buildPerson(h.app, { name: "Sacha" });
      facilitatorToken = await buildToken(h.app, facilitator);
      memberToken = await buildToken(h.app, member);
      strangerToken = await buildToken(h.app, stranger);
    });

    const call = (
      method: "GET" | "POST" | "PUT" | "DELETE",
      url: string,
      token?: string,
      payload?: unknown,
    ) =>
      h.app.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });

    const record = {
      name: "Repair café des Tisserands",
      summary: "On répare ensemble",
      description: "Le **samedi**.",
      kind: "savoirs",
      status: "active",
      tags: ["réparation", "Vélo"],
      places: [
        {
          street: "3 rue Pierre",
          postcode: "59100",
          commune: "Roubaisville",
          latitude: 50.69,
          longitude: 3.17,
        },
        { commune: "Tourquennes", coarse: true, latitude: 50.7234567, longitude: 3.1612345 },
      ],
      links: [{ type: "website", url: "https://repair.example", label: "Site" }],
    };

    it("creates, reads, lists with filters, replaces and deletes a commons", async () => {
      const created = await call("POST", `/api/v1/spaces/${SPACE}/commons`, memberToken, record);
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json();
      assert.equal(body.slug, "repair-cafe-des-tisserands");
      assert.deepEqual(body.tags.sort(), ["réparation", "Vélo"].sort());
      assert.equal(body.places[0].geo.source, "manual");
      assert.deepEqual(body.duplicates, []);

      const anonymous = await call("GET", `/api/v1/commons/${body.id}`);
      assert.equal(anonymous.statusCode, 200);
      const coarse = anonymous.json().places[1];
      assert.equal(coarse.latitude, 50.72, "a coarse place is shown to the commune only");
      assert.equal(coarse.street, "");

      const list = await call("GET", `/api/v1/spaces/${SPACE}/commons?q=reparation&limit=10&offset=0`);
      assert.equal(list.statusCode, 200);
      assert.equal(list.json().total, 1);
      assert.equal(list.json().items[0].name, record.name);
      const none = await call("GET", `/api/v1/spaces/${SPACE}/commons?tag=jardin`);
      assert.deepEqual(none.json(), { items: [], total: 0 });

      const replaced = await call("PUT", `/api/v1/commons/${body.id}`, memberToken, {
        ...record,
        status: "dormant",
      });
      assert.equal(replaced.statusCode, 200, replaced.body);
      assert.equal(replaced.json().status, "dormant");
      assert.equal(replaced.json().places[0].geo.source, "manual");

      assert.equal((await call("DELETE", `/api/v1/commons/${body.id}`, memberToken)).statusCode, 403);
      assert.equal((await call("DELETE", `/api/v1/commons/${body.id}`, facilitatorToken)).statusCode, 204);
      assert.equal((await call("GET", `/api/v1/commons/${body.id}`)).statusCode, 404);
    });

    it("refuses strangers, anonymous writes, and unknown or mistyped fields", async () => {
      assert.equal(
        (await call("POST", `/api/v1/spaces/${SPACE}/commons`, strangerToken, record)).statusCode,
        403,
      );
      assert.equal(
        (await call("POST", `/api/v1/spaces/${SPACE}/commons`, undefined, record)).statusCode,
        401,
      );
      const unknown = await call("POST", `/api/v1/spaces/${SPACE}/commons`, memberToken, {
        ...record,
        colour: "red",
      });
      assert.equal(unknown.statusCode, 400);
      const typed = await call("POST", `/api/v1/spaces/${SPACE}/commons`, memberToken, {
        ...record,
        tags: "a,b",
      });
      assert.equal(typed.statusCode, 400);
      const bad = await call("POST", `/api/v1/spaces/${SPACE}/commons`, memberToken, {
        name: "X",
        places: [{ inseeCode: "ABCDE" }],
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().fields), ["places.0.inseeCode"]);
    });

    it("merges a duplicate keeping both origins, every link, tag and place", async () => {
      const make = async (name: string, origin: string, url: string, tag: string) =>
        (
          await call("POST", `/api/v1/spaces/${SPACE}/commons`, facilitatorToken, {
            name,
            tags: [tag],
            places: [{ commune: origin === "a" ? "Roubaisville" : "Tourquennes" }],
            links: [{ type: "website", url }],
            origin: { source: "csv", id: origin },
          })
        ).json();
      const keep = await make("Fablab du Nord", "a", "https://a.example", "fabrication");
      const drop = await make("Fab lab du Nord", "b", "https://b.example", "numérique");
      const admin = await h.db.kysely
        .selectFrom("persons")
        .select("id")
        .where("is_admin", "=", 1)
        .executeTakeFirstOrThrow();
      await h.app.communs.commons.merge({ id: admin.id, isAdmin: true }, keep.id, drop.id);
      const merged = (await call("GET", `/api/v1/commons/${keep.id}`)).json();
      assert.deepEqual(merged.origins.map((o: { id: string }) => o.id).sort(), ["a", "b"]);
      assert.deepEqual(merged.links.map((l: { url: string }) => l.url).sort(), [
        "https://a.example",
        "https://b.example",
      ]);
      assert.deepEqual(merged.tags.sort(), ["fabrication", "numérique"]);
      assert.deepEqual(
        merged.places.map((p: { commune: string }) => p.commune),
        ["Roubaisville", "Tourquennes"],
      );
      assert.equal((await call("GET", `/api/v1/commons/${drop.id}`)).statusCode, 404);
      const search = (await call("GET", `/api/v1/spaces/${SPACE}/commons?commune=Tourquennes`)).json();
      assert.deepEqual(
        search.items.map((i: { id: string }) => i.id),
        [keep.id],
        "the merged record is found by its new place",
      );
    });

    it("is described in the OpenAPI document", async () => {
      const doc = (await call("GET", "/api/v1/openapi.json")).json();
      assert.ok(doc.paths["/api/v1/spaces/{slug}/commons"].get);
      assert.ok(doc.paths["/api/v1/spaces/{slug}/commons"].post);
      assert.ok(doc.paths["/api/v1/commons/{id}"].put);
      assert.ok(doc.paths["/api/v1/commons/{id}"].delete);
    });

    it("never answers 5xx to random bodies", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              name: fc.oneof(fc.string(), fc.integer()),
              kind: fc.string(),
              status: fc.string(),
              tags: fc.array(fc.string()),
              places: fc.array(
                fc.record(
                  {
                    postcode: fc.string(),
                    latitude: fc.oneof(fc.double(), fc.constant(null)),
                    commune: fc.string(),
                  },
                  { requiredKeys: [] },
                ),
              ),
            },
            { requiredKeys: [] },
          ),
          async (payload) => {
            const response = await call("POST", `/api/v1/spaces/${SPACE}/commons`, memberToken, payload);
            assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
          },
        ),
        { numRuns: 60 },
      );
    });

    it("geocodes an address on save, and keeps the record flagged when the geocoder fails", async () => {
      const geocoder = createFixtureGeocoder([
        {
          street: "3 rue Pierre",
          postcode: "59100",
          commune: "Roubaisville",
          latitude: 50.691,
          longitude: 3.171,
          score: 0.93,
          inseeCode: "59512",
        },
        {
          street: "1 rue Panne",
          postcode: "59100",
          commune: "Roubaisville",
          latitude: 0,
          longitude: 0,
          error: "geocoding.timeout",
        },
      ]);
      const ctx = { db: h.db, config: h.app.communs.config, log: h.app.log };
      const commons = createCommons(ctx, geocoder, createJobs(ctx));
      const admin = {
        id: (
          await h.db.kysely
            .selectFrom("persons")
            .select("id")
            .where("is_admin", "=", 1)
            .executeTakeFirstOrThrow()
        ).id,
        isAdmin: true,
      };
      const placed = await commons.create(
        admin,
        SPACE,
        {
          name: "Grainothèque",
          places: [{ street: "3 rue Pierre", postcode: "59100", commune: "Roubaisville" }] as never,
        },
        { confirmed: true },
      );
      assert.equal(placed.record.places[0]?.latitude, 50.691);
      assert.equal(placed.record.places[0]?.geo?.score, 0.93);
      assert.equal(placed.record.places[0]?.inseeCode, "59512");
      const failed = await commons.create(
        admin,
        SPACE,
        {
          name: "Fablab",
          places: [{ street: "1 rue Panne", postcode: "59100", commune: "Roubaisville" }] as never,
        },
        { confirmed: true },
      );
      assert.equal(failed.record.places[0]?.latitude, null);
      assert.equal(failed.record.geoFailed[0], "geocode.unavailable");
      const pinned = await commons.create(
        admin,
        SPACE,
        { name: "Boîte à livres", places: [{ latitude: 50.6911, longitude: 3.1712, coarse: true }] as never },
        { confirmed: true },
      );
      const pin = pinned.record.places[0];
      assert.deepEqual(
        [pin?.commune, pin?.postcode, pin?.street],
        ["Roubaisville", "59100", ""],
        "a pin gets its commune",
      );
      assert.equal(pin?.geo?.source, "manual");
      const dashboard = await commons.addressDashboard(admin, SPACE);
      const flagged = dashboard.rows.find((r) => r.name === "Fablab");
      assert.deepEqual(flagged?.problems, ["geocodeUnavailable"]);
    });
  });
}
