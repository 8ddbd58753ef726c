import { type Static, Type } from "typebox";
import { Value } from "typebox/value";

/**
 * HelloAsso's API v5, only as far as the ledger needs it: HelloAsso notifications are not signed, so a
 * notification is trusted only once the payment it names has been fetched back from the API.
 *
 * - `POST {base}/oauth2/token`, form-encoded `grant_type=client_credentials&client_id&client_secret`
 *   (or `grant_type=refresh_token&client_id&refresh_token`) answers `{ access_token, refresh_token,
 *   token_type: "bearer", expires_in }`; an access token lives 30 minutes.
 * - `GET {base}/v5/payments/{paymentId}` with `Authorization: Bearer …` answers the payment's detail
 *   (`id`, `amount` and `amountTip` in cents, `date`, `state`, `paymentMeans`, `payer`, `order`).
 */
export interface HelloassoOptions {
  /** https://api.helloasso.com (or the sandbox, or a stub): `/oauth2/token` and `/v5/…` are appended. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per request, reading the answer included. */
  timeoutMs: number;
  /** When set, a payment made to another organization is refused. */
  organizationSlug?: string;
  /** Milliseconds since the epoch; tests move it to expire tokens. */
  now?: () => number;
}

export interface HelloassoPayment {
  id: number;
  /** Cents, the payment's total as HelloAsso reports it. */
  amount: number;
  /** Cents left as a tip to HelloAsso, 0 when none. */
  amountTip: number;
  /** As HelloAsso sent it, with its offset: "2024-06-07T14:11:15.0825381+02:00". */
  date: string;
  /** The calendar day of `date` in its own offset (HelloAsso's local time): "2024-06-07". */
  day: string;
  /** "Authorized" once the money is taken; "Refunded", "Refused", "Pending"… otherwise. */
  state: string;
  paymentMeans: string;
  payer: { firstName: string; lastName: string; email: string };
  order: { id: number | null; formSlug: string; formType: string; organizationSlug: string };
}

export interface HelloassoClient {
  /** The payment as the API knows it now. Throws `HelloassoError`. */
  fetchPayment(paymentId: number): Promise<HelloassoPayment>;
}

export type HelloassoErrorKey =
  | "helloasso.unreachable"
  | "helloasso.timeout"
  | "helloasso.status"
  | "helloasso.bad_answer"
  | "helloasso.auth"
  | "helloasso.not_found"
  | "helloasso.foreign_payment";

/** Why HelloAsso could not answer: a message key (see web/i18n) and its parameters. */
export class HelloassoError extends Error {
  constructor(
    readonly key: HelloassoErrorKey,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(key, options);
    this.name = "HelloassoError";
  }
}

/** A token is renewed this long before HelloAsso says it expires, so no request carries a dying one. */
const EXPIRY_MARGIN_MS = 60_000;

const Text = Type.Optional(Type.Union([Type.String(), Type.Null()]));

const TokenAnswer = Type.Object({
  access_token: Type.String({ minLength: 1 }),
  expires_in: Type.Number({ exclusiveMinimum: 0 }),
  refresh_token: Text,
  token_type: Text,
});

const PaymentAnswer = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  amount: Type.Integer({ minimum: 0 }),
  amountTip: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  date: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}T" }),
  state: Type.String({ minLength: 1 }),
  paymentMeans: Text,
  payer: Type.Optional(
    Type.Union([Type.Object({ firstName: Text, lastName: Text, email: Text }), Type.Null()]),
  ),
  order: Type.Optional(
    Type.Union([
      Type.Object({
        id: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
        formSlug: Text,
        formType: Text,
        organizationSlug: Text,
      }),
      Type.Null(),
    ]),
  ),
});

/** What a HelloAsso "Payment" notification must hold; the rest of `data` is not trusted anyway. */
const PaymentNotification = Type.Object({
  eventType: Type.Literal("Payment"),
  data: Type.Object({
    id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    amount: Type.Integer({ minimum: 0 }),
    date: Type.String({ minLength: 1 }),
    state: Type.String({ minLength: 1 }),
  }),
});

interface Token {
  access: string;
  refresh: string;
  expiresAt: number;
}

export function createHelloassoClient(options: HelloassoOptions): HelloassoClient {
  const now = options.now ?? Date.now;
  let token: Token | undefined;
  // One token request at a time, shared by the payments that wait for it.
  let tokenRequest: Promise<Token> | undefined;

  function renewToken(previous: Token | undefined): Promise<Token> {
    tokenRequest ??= obtainToken(options, previous, now).finally(() => {
      tokenRequest = undefined;
    });
    return tokenRequest;
  }

  async function validToken(): Promise<Token> {
    if (token && now() < token.expiresAt) return token;
    token = await renewToken(token);
    return token;
  }

  return {
    async fetchPayment(paymentId) {
      if (!Number.isSafeInteger(paymentId) || paymentId <= 0) {
        throw new RangeError(`not a HelloAsso payment id: ${paymentId}`);
      }
      const used = await validToken();
      let answer = await getPayment(options, paymentId, used.access);
      if (answer.status === 401) {
        // Revoked or expired early: one fresh token from the credentials (unless another request
        // already got one), one more try, then give up.
        if (!token || token === used) token = await renewToken(undefined);
        answer = await getPayment(options, paymentId, token.access);
      }
      return readPayment(answer, paymentId, options);
    },
  };
}

/** A Payment notification's payment id; null for any other event or any body that is not one. */
export function parseNotification(body: unknown): { eventType: "Payment"; paymentId: number } | null {
  if (!Value.Check(PaymentNotification, body)) return null;
  return { eventType: "Payment", paymentId: body.data.id };
}

async function obtainToken(
  options: HelloassoOptions,
  previous: Token | undefined,
  now: () => number,
): Promise<Token> {
  if (previous?.refresh) {
    try {
      return await tokenCall(options, now, {
        grant_type: "refresh_token",
        client_id: options.clientId,
        refresh_token: previous.refresh,
      });
    } catch (error) {
      // A refused refresh token (expired after 30 days, or revoked) falls back to the credentials.
      if (!(error instanceof HelloassoError && error.key === "helloasso.auth")) throw error;
    }
  }
  return tokenCall(options, now, {
    grant_type: "client_credentials",
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
}

async function tokenCall(
  options: HelloassoOptions,
  now: () => number,
  form: Record<string, string>,
): Promise<Token> {
  const url = endpoint(options.baseUrl, "oauth2/token");
  const answer = await send(url, options.timeoutMs, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form).toString(),
  });
  if (answer.status === 400 || answer.status === 401) {
    throw new HelloassoError("helloasso.auth", { host: url.host, status: answer.status });
  }
  const body = json(answer, url);
  if (!Value.Check(TokenAnswer, body)) throw new HelloassoError("helloasso.bad_answer", { host: url.host });
  const lifetime = body.expires_in * 1000;
  return {
    access: body.access_token,
    refresh: body.refresh_token ?? "",
    expiresAt: now() + Math.max(lifetime / 2, lifetime - EXPIRY_MARGIN_MS),
  };
}

function getPayment(options: HelloassoOptions, paymentId: number, accessToken: string): Promise<Answer> {
  return send(endpoint(options.baseUrl, `v5/payments/${paymentId}`), options.timeoutMs, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
  });
}

function readPayment(answer: Answer, paymentId: number, options: HelloassoOptions): HelloassoPayment {
  const host = answer.url.host;
  if (answer.status === 404) throw new HelloassoError("helloasso.not_found", { id: paymentId });
  const body = json(answer, answer.url);
  if (!Value.Check(PaymentAnswer, body) || body.id !== paymentId || Number.isNaN(Date.parse(body.date))) {
    throw new HelloassoError("helloasso.bad_answer", { host });
  }
  const payment = toPayment(body);
  const expected = options.organizationSlug;
  if (expected && payment.order.organizationSlug !== expected) {
    throw new HelloassoError("helloasso.foreign_payment", {
      id: paymentId,
      organization: payment.order.organizationSlug,
    });
  }
  return payment;
}

function toPayment(body: Static<typeof PaymentAnswer>): HelloassoPayment {
  return {
    id: body.id,
    amount: body.amount,
    amountTip: body.amountTip ?? 0,
    date: body.date,
    day: body.date.slice(0, 10),
    state: body.state,
    paymentMeans: body.paymentMeans ?? "",
    payer: {
      firstName: body.payer?.firstName ?? "",
      lastName: body.payer?.lastName ?? "",
      email: body.payer?.email ?? "",
    },
    order: {
      id: body.order?.id ?? null,
      formSlug: body.order?.formSlug ?? "",
      formType: body.order?.formType ?? "",
      organizationSlug: body.order?.organizationSlug ?? "",
    },
  };
}

interface Answer {
  url: URL;
  status: number;
  text: string;
}

function endpoint(baseUrl: string, path: string): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${path}`;
  url.search = "";
  return url;
}

/** Any status comes back as an answer for the caller to read; the network and the timeout throw. */
async function send(url: URL, timeoutMs: number, init: RequestInit): Promise<Answer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { url, status: response.status, text: await response.text() };
  } catch (error) {
    if (error instanceof HelloassoError) throw error;
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new HelloassoError("helloasso.timeout", { host: url.host, ms: timeoutMs }, { cause: error });
    }
    throw new HelloassoError("helloasso.unreachable", { host: url.host }, { cause: error });
  }
}

/** The body of a 2xx answer; any other status is an error. */
function json(answer: Answer, url: URL): unknown {
  if (answer.status < 200 || answer.status >= 300) {
    throw new HelloassoError("helloasso.status", { host: url.host, status: answer.status });
  }
  try {
    return JSON.parse(answer.text);
  } catch (error) {
    throw new HelloassoError("helloasso.bad_answer", { host: url.host }, { cause: error });
  }
}
