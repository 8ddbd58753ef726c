import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, beforeEach, describe, it } from "node:test";
import {
  createHelloassoClient,
  HelloassoError,
  type HelloassoOptions,
  parseNotification,
} from "./helloasso-client.ts";

const CLIENT_ID = "9fdc22226bf24ff99b875f4a7c503715";
const CLIENT_SECRET = "s3cr3t+/=";

/** What GET /v5/payments/{id} answers for a donation, with the fields HelloAsso sends. */
function paymentDetail(id: number, organizationSlug = "chambre-des-communs-lille") {
  return {
    order: {
      id: 20499,
      date: "2026-03-07T14:11:15.7442115+01:00",
      formSlug: "soutenir-la-chambre",
      formType: "Donation",
      organizationName: "Chambre des communs de Lille",
      organizationSlug,
      organizationType: "Association1901",
      organizationIsUnderColucheLaw: false,
      formName: "Soutenir la chambre",
      meta: {
        createdAt: "2026-03-07T14:10:49.3535024+01:00",
        updatedAt: "2026-03-07T14:11:15.7462648+01:00",
      },
      isAnonymous: false,
      isAmountHidden: false,
    },
    payer: {
      email: "camille.martin@example.org",
      address: "12 rue de l'Épeule",
      city: "Roubaix",
      zipCode: "59100",
      country: "FRA",
      firstName: "Camille",
      lastName: "Martin",
    },
    items: [
      {
        shareAmount: 2500,
        shareItemAmount: 2500,
        id: 20499,
        amount: 2500,
        type: "Donation",
        state: "Processed",
      },
    ],
    cashOutState: "Transfered",
    paymentReceiptUrl: `https://www.helloasso.com/associations/${organizationSlug}/formulaires/1/paiement-attestation/20499/${id}`,
    id,
    amount: 2500,
    amountTip: 300,
    date: "2026-03-07T00:41:15.0825381+01:00",
    paymentMeans: "Card",
    installmentNumber: 1,
    state: "Authorized",
    type: "Offline",
    meta: { createdAt: "2026-03-07T14:10:49.3535024+01:00", updatedAt: "2026-03-07T14:11:15.3255145+01:00" },
    refundOperations: [],
  };
}

/** A Payment notification as HelloAsso posts it to the notification URL. */
const NOTIFICATION = { data: paymentDetail(13790), eventType: "Payment", metadata: { id: 75698555 } };

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => boolean;

interface TokenCall {
  grantType: string | null;
  clientId: string | null;
  clientSecret: string | null;
  refreshToken: string | null;
  contentType: string | undefined;
}

/**
 * A real HTTP server on 127.0.0.1 playing HelloAsso under /ha: the token endpoint hands out numbered
 * tokens and honours refresh tokens; the payment endpoint wants a token it handed out and not revoked.
 */
async function startStub() {
  const payments = new Map<number, unknown>([
    [13790, paymentDetail(13790)],
    [13791, paymentDetail(13791, "autre-association")],
  ]);
  const tokenCalls: TokenCall[] = [];
  const paymentCalls: { id: string; authorization: string | undefined }[] = [];
  const valid = new Set<string>();
  const refreshable = new Set<string>();
  let issued = 0;
  let override: Handler = () => false;

  function token(response: ServerResponse) {
    issued += 1;
    valid.add(`access-${issued}`);
    refreshable.add(`refresh-${issued}`);
    const answer = {
      access_token: `access-${issued}`,
      refresh_token: `refresh-${issued}`,
      token_type: "bearer",
      expires_in: 1800,
    };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  }

  function handle(request: IncomingMessage, response: ServerResponse, body: string) {
    if (override(request, response, body)) return;
    const url = new URL(request.url ?? "/", "http://stub");
    if (request.method === "POST" && url.pathname === "/ha/oauth2/token") {
      const form = new URLSearchParams(body);
      const call = {
        grantType: form.get("grant_type"),
        clientId: form.get("client_id"),
        clientSecret: form.get("client_secret"),
        refreshToken: form.get("refresh_token"),
        contentType: request.headers["content-type"],
      };
      tokenCalls.push(call);
      const granted =
        call.clientId === CLIENT_ID &&
        ((call.grantType === "client_credentials" && call.clientSecret === CLIENT_SECRET) ||
          (call.grantType === "refresh_token" && refreshable.delete(call.refreshToken ?? "")));
      if (granted) return token(response);
      response.writeHead(400, { "content-type": "application/json" });
      return response.end(JSON.stringify({ error: "unauthorized_client", error_description: "refused" }));
    }
    const match = /^\/ha\/v5\/payments\/([^/]+)$/.exec(url.pathname);
    if (request.method === "GET" && match?.[1]) {
      paymentCalls.push({ id: match[1], authorization: request.headers.authorization });
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      if (!bearer || !valid.has(bearer)) return response.writeHead(401).end();
      const payment = payments.get(Number(match[1]));
      if (!payment) {
        response.writeHead(404, { "content-type": "application/json" });
        return response.end(JSON.stringify({ errors: [{ code: "NotFound", message: "Payment not found" }] }));
      }
      response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      return response.end(JSON.stringify(payment));
    }
    response.writeHead(404).end();
  }

  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => handle(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/ha`,
    payments,
    tokenCalls,
    paymentCalls,
    /** Every token handed out so far stops working, as when HelloAsso revokes them. */
    revokeAll() {
      valid.clear();
    },
    answer(next: Handler) {
      override = next;
    },
    reset() {
      tokenCalls.length = 0;
      paymentCalls.length = 0;
      override = () => false;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const stub = await startStub();
after(() => stub.close());

function client(overrides: Partial<HelloassoOptions> = {}) {
  return createHelloassoClient({
    baseUrl: stub.base,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    timeoutMs: 2000,
    ...overrides,
  });
}

async function rejectsWith(promise: Promise<unknown>, key: string): Promise<HelloassoError> {
  let caught: unknown;
  await promise.catch((error: unknown) => {
    caught = error;
  });
  assert.ok(caught instanceof HelloassoError, `expected a HelloassoError, got ${String(caught)}`);
  assert.equal(caught.key, key);
  return caught;
}

describe("HelloAsso client", () => {
  beforeEach(() => stub.reset());

  it("gets a token with the client credentials, then the payment with it as a bearer", async () => {
    const payment = await client().fetchPayment(13790);
    assert.deepEqual(payment, {
      id: 13790,
      amount: 2500,
      amountTip: 300,
      date: "2026-03-07T00:41:15.0825381+01:00",
      day: "2026-03-07",
      state: "Authorized",
      paymentMeans: "Card",
      payer: { firstName: "Camille", lastName: "Martin", email: "camille.martin@example.org" },
      order: {
        id: 20499,
        formSlug: "soutenir-la-chambre",
        formType: "Donation",
        organizationSlug: "chambre-des-communs-lille",
      },
    });
    assert.deepEqual(stub.tokenCalls, [
      {
        grantType: "client_credentials",
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: null,
        contentType: "application/x-www-form-urlencoded",
      },
    ]);
    assert.equal(stub.paymentCalls.length, 1);
    assert.equal(stub.paymentCalls[0]?.id, "13790");
    assert.match(stub.paymentCalls[0]?.authorization ?? "", /^Bearer access-\d+$/);
  });

  it("appends its paths to a base URL that ends with a slash", async () => {
    await client({ baseUrl: `${stub.base}/` }).fetchPayment(13790);
    assert.equal(stub.tokenCalls.length, 1);
    assert.equal(stub.paymentCalls.length, 1);
  });

  it("reuses its token until it expires", async () => {
    const helloasso = client();
    await helloasso.fetchPayment(13790);
    await helloasso.fetchPayment(13790);
    await helloasso.fetchPayment(13790);
    assert.equal(stub.tokenCalls.length, 1);
    assert.equal(stub.paymentCalls.length, 3);
    assert.equal(new Set(stub.paymentCalls.map((call) => call.authorization)).size, 1);
  });

  it("asks one token for payments fetched at the same time", async () => {
    const helloasso = client();
    await Promise.all([13790, 13790, 13790, 13790].map((id) => helloasso.fetchPayment(id)));
    assert.equal(stub.tokenCalls.length, 1);
    assert.equal(stub.paymentCalls.length, 4);
  });

  it("refreshes an expiring token with its refresh token, and falls back to the credentials", async () => {
    let clock = Date.UTC(2026, 2, 7, 12);
    const helloasso = client({ now: () => clock });
    await helloasso.fetchPayment(13790);
    clock += 29 * 60_000; // 29 of its 30 minutes: within the margin, so renewed
    await helloasso.fetchPayment(13790);
    assert.deepEqual(
      stub.tokenCalls.map((call) => call.grantType),
      ["client_credentials", "refresh_token"],
    );
    assert.match(stub.tokenCalls[1]?.refreshToken ?? "", /^refresh-\d+$/);
    assert.equal(stub.tokenCalls[1]?.clientSecret, null, "a refresh does not send the secret");
    const [first, second] = stub.paymentCalls;
    assert.notEqual(first?.authorization, second?.authorization);

    clock += 10 * 60_000; // not yet expired: reused
    await helloasso.fetchPayment(13790);
    assert.equal(stub.tokenCalls.length, 2);

    stub.answer((request, response, body) => {
      if (!new URLSearchParams(body).has("refresh_token") || request.method !== "POST") return false;
      stub.tokenCalls.push({
        grantType: "refresh_token",
        clientId: null,
        clientSecret: null,
        refreshToken: null,
        contentType: undefined,
      });
      response.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid_grant"}');
      return true;
    });
    clock += 60 * 60_000;
    await helloasso.fetchPayment(13790);
    assert.deepEqual(
      stub.tokenCalls.map((call) => call.grantType),
      ["client_credentials", "refresh_token", "refresh_token", "client_credentials"],
    );
  });

  it("on a 401, gets a fresh token once and tries again", async () => {
    const helloasso = client();
    await helloasso.fetchPayment(13790);
    stub.revokeAll();
    const payment = await helloasso.fetchPayment(13790);
    assert.equal(payment.id, 13790);
    assert.deepEqual(
      stub.tokenCalls.map((call) => call.grantType),
      ["client_credentials", "client_credentials"],
    );
    assert.equal(stub.paymentCalls.length, 3);
    assert.notEqual(stub.paymentCalls[1]?.authorization, stub.paymentCalls[2]?.authorization);
  });

  it("gives up after a second 401", async () => {
    stub.answer((request, response) => {
      if (request.method !== "GET") return false;
      stub.paymentCalls.push({ id: "13790", authorization: request.headers.authorization });
      response.writeHead(401).end();
      return true;
    });
    const error = await rejectsWith(client().fetchPayment(13790), "helloasso.status");
    assert.equal(error.params.status, 401);
    assert.equal(stub.paymentCalls.length, 2);
    assert.equal(stub.tokenCalls.length, 2);
  });

  it("says when the credentials are refused", async () => {
    const error = await rejectsWith(client({ clientSecret: "wrong" }).fetchPayment(13790), "helloasso.auth");
    assert.equal(error.params.status, 400);
    assert.equal(stub.paymentCalls.length, 0);
  });

  it("says when a payment does not exist", async () => {
    const error = await rejectsWith(client().fetchPayment(99999), "helloasso.not_found");
    assert.equal(error.params.id, 99999);
  });

  it("says when the API fails, on the payment or on the token", async () => {
    stub.answer((request, response) => {
      if (request.method !== "GET") return false;
      response.writeHead(500, { "content-type": "text/html" }).end("<h1>Internal Server Error</h1>");
      return true;
    });
    const onPayment = await rejectsWith(client().fetchPayment(13790), "helloasso.status");
    assert.equal(onPayment.params.status, 500);
    assert.match(String(onPayment.params.host), /^127\.0\.0\.1:\d+$/);

    stub.answer((_request, response) => {
      response.writeHead(503).end();
      return true;
    });
    const onToken = await rejectsWith(client().fetchPayment(13790), "helloasso.status");
    assert.equal(onToken.params.status, 503);
  });

  it("times out when the API does not answer, or stops halfway", async () => {
    const held: ServerResponse[] = [];
    stub.answer((request, response) => {
      if (request.method !== "GET") return false;
      held.push(response);
      return true;
    });
    const silent = await rejectsWith(client({ timeoutMs: 150 }).fetchPayment(13790), "helloasso.timeout");
    assert.equal(silent.params.ms, 150);

    stub.answer((request, response) => {
      if (request.method !== "GET") return false;
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id": 13790, "amount"');
      held.push(response);
      return true;
    });
    await rejectsWith(client({ timeoutMs: 150 }).fetchPayment(13790), "helloasso.timeout");
    for (const response of held) response.destroy();
  });

  it("says when the API cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await rejectsWith(
      client({ baseUrl: `http://127.0.0.1:${port}` }).fetchPayment(13790),
      "helloasso.unreachable",
    );
  });

  it("refuses answers that are not JSON or not a payment", async () => {
    const bodies = [
      "<html>maintenance</html>",
      '{"id": 13790, "amount": 2500,',
      JSON.stringify({ ...paymentDetail(13790), amount: "25,00" }),
      JSON.stringify({ ...paymentDetail(13790), amount: 25.5 }),
      JSON.stringify({ ...paymentDetail(13790), amount: -2500 }),
      JSON.stringify({ ...paymentDetail(13790), date: "07/03/2026" }),
      JSON.stringify({ ...paymentDetail(13790), date: "2026-13-45T00:00:00+01:00" }),
      JSON.stringify({ ...paymentDetail(13790), state: undefined }),
      JSON.stringify({ ...paymentDetail(13790), payer: { firstName: 42 } }),
      JSON.stringify(paymentDetail(13791)), // another payment than the one asked for
      JSON.stringify([paymentDetail(13790)]),
      "null",
    ];
    for (const body of bodies) {
      stub.answer((request, response) => {
        if (request.method !== "GET") return false;
        response.writeHead(200, { "content-type": "application/json" }).end(body);
        return true;
      });
      await rejectsWith(client().fetchPayment(13790), "helloasso.bad_answer");
    }
  });

  it("refuses a token answer without a token", async () => {
    stub.answer((request, response) => {
      if (request.method !== "POST") return false;
      response.writeHead(200, { "content-type": "application/json" }).end('{"token_type":"bearer"}');
      return true;
    });
    await rejectsWith(client().fetchPayment(13790), "helloasso.bad_answer");
    assert.equal(stub.paymentCalls.length, 0);
  });

  it("accepts null for the fields HelloAsso may leave empty", async () => {
    stub.payments.set(13792, {
      ...paymentDetail(13792),
      payer: null,
      order: null,
      paymentMeans: null,
      amountTip: null,
    });
    const payment = await client().fetchPayment(13792);
    assert.deepEqual(payment.payer, { firstName: "", lastName: "", email: "" });
    assert.deepEqual(payment.order, { id: null, formSlug: "", formType: "", organizationSlug: "" });
    assert.equal(payment.amountTip, 0);
    assert.equal(payment.paymentMeans, "");
  });

  it("refuses a payment made to another organization when one is configured", async () => {
    const mine = client({ organizationSlug: "chambre-des-communs-lille" });
    assert.equal((await mine.fetchPayment(13790)).id, 13790);
    const error = await rejectsWith(mine.fetchPayment(13791), "helloasso.foreign_payment");
    assert.equal(error.params.organization, "autre-association");
  });

  it("refuses an id that is not a payment id before asking anything", async () => {
    for (const id of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(client().fetchPayment(id), RangeError);
    }
    assert.equal(stub.tokenCalls.length, 0);
  });
});

describe("parseNotification", () => {
  it("reads the payment id of a Payment notification", () => {
    assert.deepEqual(parseNotification(NOTIFICATION), { eventType: "Payment", paymentId: 13790 });
  });

  it("answers null for other events and for bodies that are not a notification", () => {
    const { data } = NOTIFICATION;
    const others: unknown[] = [
      undefined,
      null,
      "Payment",
      [],
      [NOTIFICATION],
      {},
      { ...NOTIFICATION, eventType: "Order" },
      { ...NOTIFICATION, eventType: "Form" },
      { ...NOTIFICATION, eventType: "payment" },
      { eventType: "Payment" },
      { eventType: "Payment", data: null },
      { eventType: "Payment", data: [] },
      { ...NOTIFICATION, data: { ...data, id: "13790" } },
      { ...NOTIFICATION, data: { ...data, id: 0 } },
      { ...NOTIFICATION, data: { ...data, id: -4 } },
      { ...NOTIFICATION, data: { ...data, id: 13790.5 } },
      { ...NOTIFICATION, data: { ...data, id: 2 ** 60 } },
      { ...NOTIFICATION, data: { ...data, amount: "2500" } },
      { ...NOTIFICATION, data: { ...data, state: undefined } },
      { ...NOTIFICATION, data: { ...data, date: undefined } },
    ];
    for (const body of others) assert.equal(parseNotification(body), null, JSON.stringify(body));
  });
});
