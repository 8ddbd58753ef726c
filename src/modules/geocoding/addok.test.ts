import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, beforeEach, describe, it } from "node:test";
import { GeocodingError } from "../../core/geocoding.ts";
import { createAddokGeocoder } from "./addok.ts";

/** What api-adresse answered for a house number, with the fields it sends (GeoCodeJSON). */
const SEARCH_ANSWER = {
  type: "FeatureCollection",
  version: "draft",
  features: [
    {
      type: "Feature",
      geometry: { type: "Point", coordinates: [3.16634, 50.68962] },
      properties: {
        label: "12 Rue de l'Épeule 59100 Roubaix",
        score: 0.9713581818181817,
        housenumber: "12",
        id: "59512_2210_00012",
        name: "12 Rue de l'Épeule",
        postcode: "59100",
        citycode: "59512",
        x: 711775.18,
        y: 7065880.36,
        city: "Roubaix",
        context: "59, Nord, Hauts-de-France",
        type: "housenumber",
        importance: 0.68494,
        street: "Rue de l'Épeule",
      },
    },
  ],
  attribution: "BAN",
  licence: "ETALAB-2.0",
  query: "12 rue de l'Epeule 59100 Roubaix",
  filters: { postcode: "59100" },
  limit: 1,
};

const REVERSE_ANSWER = {
  type: "FeatureCollection",
  version: "draft",
  features: [
    {
      type: "Feature",
      geometry: { type: "Point", coordinates: [3.163, 50.7195] },
      properties: {
        label: "25 Rue de Lille 59200 Tourcoing",
        score: 0.9999998449515,
        housenumber: "25",
        id: "59599_1540_00025",
        name: "25 Rue de Lille",
        postcode: "59200",
        citycode: "59599",
        x: 711540.1,
        y: 7069317.4,
        city: "Tourcoing",
        context: "59, Nord, Hauts-de-France",
        type: "housenumber",
        importance: 0.65103,
        street: "Rue de Lille",
        distance: 3,
      },
    },
  ],
  attribution: "BAN",
  licence: "ETALAB-2.0",
  limit: 1,
};

const EMPTY_ANSWER = {
  type: "FeatureCollection",
  version: "draft",
  features: [],
  attribution: "BAN",
  licence: "ETALAB-2.0",
  query: "99 impasse inconnue 59100 Roubaix",
  filters: { postcode: "59100" },
  limit: 1,
};

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface Seen {
  url: URL;
  userAgent: string | undefined;
}

/** A real HTTP server on 127.0.0.1 that replays what each test sets and keeps the requests it got. */
async function startStub() {
  const seen: Seen[] = [];
  let handler: Handler = (_request, response) => response.writeHead(404).end();
  const server = createServer((request, response) => {
    seen.push({ url: new URL(request.url ?? "/", "http://stub"), userAgent: request.headers["user-agent"] });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/geocodage`,
    seen,
    answer(next: Handler) {
      handler = next;
    },
    json(status: number, body: unknown) {
      handler = (_request, response) =>
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const stub = await startStub();
after(() => stub.close());

const geocoder = createAddokGeocoder({ baseUrl: stub.base, timeoutMs: 2000, userAgent: "Communs (test)" });
const address = { street: "12 rue de l'Epeule", postcode: "59100", commune: "Roubaix", country: "FR" };

async function rejectsWith(promise: Promise<unknown>, key: string): Promise<GeocodingError> {
  let caught: unknown;
  await promise.catch((error: unknown) => {
    caught = error;
  });
  assert.ok(caught instanceof GeocodingError, `expected a GeocodingError, got ${String(caught)}`);
  assert.equal(caught.key, key);
  return caught;
}

describe("Addok geocoder", () => {
  beforeEach(() => {
    stub.seen.length = 0;
  });

  it("asks /search under the base path with q, postcode and limit, and reads the best feature", async () => {
    stub.json(200, SEARCH_ANSWER);
    const result = await geocoder.geocode(address);
    assert.deepEqual(result, {
      latitude: 50.68962,
      longitude: 3.16634,
      score: 0.9713581818181817,
      source: "ban",
      label: "12 Rue de l'Épeule 59100 Roubaix",
      street: "12 Rue de l'Épeule",
      postcode: "59100",
      commune: "Roubaix",
      inseeCode: "59512",
    });
    assert.equal(stub.seen.length, 1);
    const [request] = stub.seen;
    assert.equal(request?.url.pathname, "/geocodage/search");
    assert.equal(request?.url.searchParams.get("q"), "12 rue de l'Epeule 59100 Roubaix");
    assert.equal(request?.url.searchParams.get("postcode"), "59100");
    assert.equal(request?.url.searchParams.get("limit"), "1");
    assert.equal(request?.userAgent, "Communs (test)");
  });

  it("appends the endpoint to a base URL that ends with a slash", async () => {
    stub.json(200, SEARCH_ANSWER);
    const slashed = createAddokGeocoder({
      baseUrl: `${stub.base}/`,
      timeoutMs: 2000,
      userAgent: "Communs (test)",
    });
    await slashed.geocode(address);
    assert.equal(stub.seen[0]?.url.pathname, "/geocodage/search");
  });

  it("leaves the postcode filter out when there is no valid postcode", async () => {
    stub.json(200, SEARCH_ANSWER);
    await geocoder.geocode({ ...address, postcode: "" });
    assert.equal(stub.seen[0]?.url.searchParams.has("postcode"), false);
    assert.equal(stub.seen[0]?.url.searchParams.get("q"), "12 rue de l'Epeule Roubaix");
  });

  it("answers null for an empty FeatureCollection", async () => {
    stub.json(200, EMPTY_ANSWER);
    assert.equal(await geocoder.geocode({ ...address, street: "99 impasse inconnue" }), null);
  });

  it("asks nothing for a foreign or too short address", async () => {
    stub.json(200, SEARCH_ANSWER);
    assert.equal(await geocoder.geocode({ ...address, country: "BE" }), null);
    assert.equal(await geocoder.geocode({ street: "", postcode: "", commune: "Y", country: "FR" }), null);
    assert.equal(stub.seen.length, 0);
  });

  it("reverse-geocodes through /reverse with lon and lat", async () => {
    stub.json(200, REVERSE_ANSWER);
    const result = await geocoder.reverse(50.71951, 3.16301);
    assert.equal(result?.label, "25 Rue de Lille 59200 Tourcoing");
    assert.equal(result?.street, "25 Rue de Lille");
    assert.equal(result?.inseeCode, "59599");
    assert.equal(result?.latitude, 50.7195);
    const [request] = stub.seen;
    assert.equal(request?.url.pathname, "/geocodage/reverse");
    assert.equal(request?.url.searchParams.get("lon"), "3.16301");
    assert.equal(request?.url.searchParams.get("lat"), "50.71951");
  });

  it("gives a street found without its number the street's name, and a commune no street", async () => {
    const feature = SEARCH_ANSWER.features[0] as (typeof SEARCH_ANSWER.features)[0];
    const street = { ...feature.properties, type: "street", name: "Rue de l'Épeule", score: 0.61 };
    const { housenumber: _, street: __, ...withoutNumber } = street;
    stub.json(200, { ...SEARCH_ANSWER, features: [{ ...feature, properties: withoutNumber }] });
    assert.equal((await geocoder.geocode(address))?.street, "Rue de l'Épeule");
    const town = { ...withoutNumber, type: "municipality", name: "Roubaix", label: "Roubaix" };
    stub.json(200, { ...SEARCH_ANSWER, features: [{ ...feature, properties: town }] });
    assert.equal((await geocoder.geocode(address))?.street, "");
  });

  it("throws geocoding.status on a 500", async () => {
    stub.answer((_request, response) => response.writeHead(500).end("Internal Server Error"));
    const error = await rejectsWith(geocoder.geocode(address), "geocoding.status");
    assert.equal(error.params.status, 500);
  });

  it("throws geocoding.timeout when the service does not answer in time", async () => {
    stub.answer(() => {}); // never answers
    const impatient = createAddokGeocoder({
      baseUrl: stub.base,
      timeoutMs: 150,
      userAgent: "Communs (test)",
    });
    const started = Date.now();
    await rejectsWith(impatient.geocode(address), "geocoding.timeout");
    assert.ok(Date.now() - started < 1500, "gave up near the timeout");
  });

  it("throws geocoding.bad_answer on a body that is not GeoCodeJSON", async () => {
    stub.answer((_request, response) =>
      response.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>"),
    );
    await rejectsWith(geocoder.geocode(address), "geocoding.bad_answer");
    stub.json(200, { type: "FeatureCollection", features: "none" });
    await rejectsWith(geocoder.geocode(address), "geocoding.bad_answer");
    const feature = SEARCH_ANSWER.features[0] as (typeof SEARCH_ANSWER.features)[0];
    const noPoint = { ...feature, geometry: { type: "Point", coordinates: ["3.1", "50.6"] } };
    stub.json(200, { ...SEARCH_ANSWER, features: [noPoint] });
    await rejectsWith(geocoder.geocode(address), "geocoding.bad_answer");
    const { score: _, ...noScore } = feature.properties;
    stub.json(200, { ...SEARCH_ANSWER, features: [{ ...feature, properties: noScore }] });
    await rejectsWith(geocoder.reverse(50.6, 3.1), "geocoding.bad_answer");
  });

  it("throws geocoding.unreachable when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nobody = createAddokGeocoder({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 2000,
      userAgent: "Communs (test)",
    });
    const error = await rejectsWith(nobody.geocode(address), "geocoding.unreachable");
    assert.equal(error.params.host, `127.0.0.1:${port}`);
  });
});
