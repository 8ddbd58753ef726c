// The map's data: clustered on the server per zoom level, the same for everyone, rebuilt as soon as
// the directory changes, coarse places never served with their exact point.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import { buildAdmin, buildAssembly, buildCommons, signIn } from "../../../test/helpers/factories.ts";
import type { Person } from "../accounts/service.ts";

const SPACE = "assemblee-de-la-carte";
const DATA = `/espaces/${SPACE}/communs/carte.json`;
const NEIGHBOURS = 30;
// Kept apart from the neighbours' digits: a coarse place must never show these.
const EXACT = { latitude: 50.673829, longitude: 3.128461 };

interface Answer {
  bounds: [number, number, number, number] | null;
  points: { id: string; slug: string; name: string; kind: string; latitude: number; longitude: number }[];
  clusters: { latitude: number; longitude: number; count: number; zoom: number }[];
}

function place(latitude: number, longitude: number, coarse = false) {
  return { street: "", postcode: "", commune: "Lilleville", latitude, longitude, coarse };
}

for (const dialect of testDialects()) {
  describe(`map data, clustered on the server [${dialect.name}]`, () => {
    const h = useApp(dialect);
    let admin: Person;
    let signedIn: Visitor;
    const data = async (query = "", who?: Visitor): Promise<Answer> => {
      const response = who ? await who.get(`${DATA}${query}`) : await h.app.inject(`${DATA}${query}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers["content-type"]), /^application\/json/);
      return response.json();
    };
    const total = (answer: Answer) => answer.points.length + answer.clusters.reduce((n, c) => n + c.count, 0);

    before(async () => {
      admin = await buildAdmin(h.app, "Camille");
      signedIn = await signIn(h, admin);
      await buildAssembly(h.app, {
        by: admin,
        slug: SPACE,
        name: "Assemblée de la carte",
        territory: "Nord",
      });
      for (let i = 0; i < NEIGHBOURS; i++)
        await buildCommons(h.app, SPACE, admin, {
          name: `Voisin ${i}`,
          kind: i % 2 ? "jardin" : "lieu",
          places: [place(50.63 + (i % 6) * 0.002, 3.06 + Math.floor(i / 6) * 0.002)],
        });
      await buildCommons(h.app, SPACE, admin, { name: "Au loin", places: [place(43.6045, 1.4442)] });
      await buildCommons(h.app, SPACE, admin, {
        name: "Chez une personne",
        places: [place(EXACT.latitude, EXACT.longitude, true)],
      });
    });

    it("groups the neighbours into clusters at a low zoom, with their count and the zoom that opens them", async () => {
      const far = await data("?zoom=5");
      assert.equal(total(far), NEIGHBOURS + 2);
      const big = far.clusters.find((c) => c.count >= NEIGHBOURS);
      assert.ok(big, `a cluster of the ${NEIGHBOURS} neighbours: ${JSON.stringify(far.clusters)}`);
      assert.ok(big.zoom > 5);
      assert.deepEqual(
        far.points.map((p) => p.name),
        ["Au loin"],
      );
      const world = await data("?zoom=0");
      assert.deepEqual(
        world.bounds?.map((n) => Math.round(n)),
        [44, 1, 51, 3],
      );
    });

    it("draws every commons alone at a high zoom, with only what a marker needs", async () => {
      const close = await data("?zoom=17&bbox=50.62,3.05,50.65,3.08");
      assert.equal(close.clusters.length, 0);
      assert.equal(close.points.length, NEIGHBOURS);
      const [first] = close.points;
      assert.deepEqual(Object.keys(first ?? {}).sort(), [
        "id",
        "kind",
        "latitude",
        "longitude",
        "name",
        "slug",
      ]);
      const all = await data();
      assert.equal(all.points.length, NEIGHBOURS + 2, "no zoom: every point on its own");
      assert.equal(all.clusters.length, 0);
    });

    it("keeps to the viewport", async () => {
      const south = await data("?zoom=12&bbox=43,1,44,2");
      assert.deepEqual(
        south.points.map((p) => p.name),
        ["Au loin"],
      );
      assert.equal(south.clusters.length, 0);
    });

    it("never serves a coarse place with its exact point, at any zoom", async () => {
      for (const zoom of ["", "?zoom=0", "?zoom=8", "?zoom=12", "?zoom=16", "?zoom=19"]) {
        const response = await signedIn.get(`${DATA}${zoom}`);
        assert.doesNotMatch(response.body, /50\.6738|3\.1284/, zoom);
      }
      const coarse = (await data()).points.find((p) => p.name === "Chez une personne");
      assert.deepEqual([coarse?.latitude, coarse?.longitude], [50.67, 3.13]);
    });

    it("answers a signed-in person exactly what it answers a visitor", async () => {
      for (const query of ["?zoom=5", "?zoom=14&bbox=50.6,3,50.7,3.2", ""]) {
        const visitor = await h.app.inject(`${DATA}${query}`);
        const member = await signedIn.get(`${DATA}${query}`);
        assert.equal(member.body, visitor.body, query);
      }
    });

    it("shows a commons saved through the form or the service at once", async () => {
      const before = total(await data("?zoom=5"));
      await signedIn.submit(`/espaces/${SPACE}/communs/nouveau`, `/espaces/${SPACE}/communs`, {
        name: "Nouveau jardin",
        kind: "jardin",
        status: "active",
        "places.0.commune": "Lilleville",
        "places.0.latitude": "50.64",
        "places.0.longitude": "3.07",
      });
      const afterForm = await data("?zoom=5");
      assert.equal(total(afterForm), before + 1);
      assert.ok((await data()).points.some((p) => p.name === "Nouveau jardin"));
      const made = await buildCommons(h.app, SPACE, admin, {
        name: "Par le service",
        places: [place(50.7, 3.2)],
      });
      assert.ok((await data()).points.some((p) => p.name === "Par le service"));
      await h.app.communs.commons.remove(admin, made.id);
      assert.ok(!(await data()).points.some((p) => p.name === "Par le service"));
    });

    it("filters like the list, and answers 404 for an unknown directory", async () => {
      const gardens = await data("?kind=jardin");
      assert.ok(gardens.points.length > 0);
      assert.ok(gardens.points.every((p) => p.kind === "jardin"));
      assert.equal((await h.app.inject("/espaces/inconnu/communs/carte.json?zoom=3")).statusCode, 404);
      // A zoom that is not one is read as none.
      assert.equal(total(await data("?zoom=abc")), (await data()).points.length);
    });
  });
}
