/**
 * A meeting's pad (Etherpad: https://pad.example/p/<pad>), read through its plain text export
 * (…/p/<pad>/export/txt). The server fetches an address someone typed, so it refuses to be led into the
 * instance's own network (SSRF): private, loopback and link-local addresses are refused unless an
 * administrator allowed the host, and the connection goes to the very address that was checked, so that
 * a second DNS answer cannot swap it for another (DNS rebinding).
 */
import { createHash } from "node:crypto";
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { DomainError, type ErrorCode } from "../../core/errors.ts";

export interface PadFetchOptions {
  /** For the whole fetch: name lookup, redirects and body. */
  timeoutMs: number;
  /** Bytes of body read at most, counted as they arrive. */
  maxBytes: number;
  /**
   * Hosts fetched even on a private address (a pad on the instance's own network): "pad.local" for any
   * port, or "pad.local:9001"; case does not matter.
   */
  allowedHosts: string[];
}

/** A pad's text as read at `fetchedAt`. */
export interface FetchedPad {
  /** The address read, after redirects. */
  url: string;
  text: string;
  /**
   * SHA-256 (hex) of `text` encoded in UTF-8, not of the bytes received: it tells whether the text
   * changed, whatever encoding or byte order mark the server sent it with.
   */
  sha256: string;
  fetchedAt: Date;
  /** The body's size as received. */
  bytes: number;
}

const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Where a request typed by a user must not go: private, loopback, link-local, multicast, reserved. */
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  REFUSED.addSubnet(network, prefix, "ipv4");
}
// IPv4 rules also match the IPv4-mapped IPv6 addresses (::ffff:127.0.0.1): BlockList checks them so.
for (const [network, prefix] of [
  ["::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  REFUSED.addSubnet(network, prefix, "ipv6");
}

/** NAT64 (RFC 6052) reaches the IPv4 address written in its last 32 bits. */
const NAT64 = new BlockList();
NAT64.addSubnet("64:ff9b::", 96, "ipv6");

/** An http or https address; throws `PAD_URL_INVALID`. */
function webAddress(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DomainError("PAD_URL_INVALID");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new DomainError("PAD_URL_INVALID");
  return url;
}

/**
 * A pad's page address (…/p/<pad>, or its /timeslider) turned into its plain text export
 * (…/p/<pad>/export/txt); any other http(s) address, an export's included, is kept. Throws
 * `PAD_URL_INVALID` for what is not an http(s) address.
 */
export function padExportUrl(url: string): string {
  const parsed = webAddress(url);
  const page = /^(.*\/p\/[^/]+)(?:\/timeslider)?\/?$/.exec(parsed.pathname);
  if (!page) return parsed.href;
  parsed.pathname = `${page[1]}/export/txt`;
  parsed.search = "";
  parsed.hash = "";
  return parsed.href;
}

function bare(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, "$1");
}

function allowed(url: URL, allowedHosts: string[]): boolean {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const names = [url.hostname, url.host, `${url.hostname}:${port}`];
  return allowedHosts.some((host) => names.includes(host.trim().toLowerCase()));
}

/** The IPv4 address a NAT64 address leads to ("64:ff9b::a00:1" → "10.0.0.1"), null for another. */
function nat64Target(address: string): string | null {
  if (!NAT64.check(address, "ipv6")) return null;
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) return dotted[1] ?? null;
  const [head = "", tail = ""] = address.split("::");
  const groups = tail.split(":").filter(Boolean);
  const all = [...head.split(":").filter(Boolean), ...Array(8 - groups.length).fill("0"), ...groups].slice(
    -2,
  );
  const [high = 0, low = 0] = all.map((group) => Number.parseInt(group, 16));
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

function refusedAddress(address: string, family: number): boolean {
  if (REFUSED.check(address, family === 6 ? "ipv6" : "ipv4")) return true;
  const inner = family === 6 ? nat64Target(address) : null;
  return inner !== null && REFUSED.check(inner, "ipv4");
}

/** `promise`, or the signal's reason once it aborts (a name lookup cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

interface Target {
  address: string;
  family: number;
}

/** The address to connect to, every address of the host checked; throws `PAD_ADDRESS_REFUSED`. */
async function resolve(url: URL, options: PadFetchOptions, signal: AbortSignal): Promise<Target> {
  const addresses = await untilAborted(lookup(bare(url.hostname), { all: true }), signal);
  const [first] = addresses;
  if (!first) throw new DomainError("PAD_FETCH_FAILED");
  const trusted = allowed(url, options.allowedHosts);
  if (!trusted && addresses.some((a) => refusedAddress(a.address, a.family))) {
    throw new DomainError("PAD_ADDRESS_REFUSED");
  }
  return first;
}

type Answer = { redirect: string } | { body: Buffer; contentType: string | undefined };

/** A body worth reading: text (or unsaid) and not compressed. */
function readable(response: IncomingMessage): boolean {
  const type = response.headers["content-type"]?.trim().toLowerCase();
  const encoding = response.headers["content-encoding"]?.trim().toLowerCase();
  return (!type || type.startsWith("text/")) && (!encoding || encoding === "identity");
}

/** One GET to `target` for `url` (its Host and TLS name kept); redirects are returned, not followed. */
function get(url: URL, target: Target, maxBytes: number, signal: AbortSignal): Promise<Answer> {
  return new Promise<Answer>((settle, reject) => {
    const host = bare(url.hostname);
    const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions.all) callback(null, [target]);
      else callback(null, target.address, target.family);
    };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(
      {
        host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { accept: "text/plain, text/*;q=0.9", "user-agent": "Communs (compte rendu de réunion)" },
        // A connection of its own, never one kept alive for the same host at another address.
        agent: false,
        lookup: pinned,
        servername: isIP(host) ? undefined : host,
        signal,
      },
      (response) => {
        const fail = (code: ErrorCode) => {
          request.destroy();
          reject(new DomainError(code));
        };
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (REDIRECTS.has(status) && location) {
          request.destroy();
          return settle({ redirect: location });
        }
        if (status < 200 || status >= 300) return fail("PAD_FETCH_FAILED");
        if (!readable(response)) return fail("PAD_NOT_TEXT");
        if (Number(response.headers["content-length"] ?? 0) > maxBytes) return fail("PAD_TOO_LARGE");
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) return fail("PAD_TOO_LARGE");
          chunks.push(chunk);
        });
        response.on("end", () =>
          settle({ body: Buffer.concat(chunks), contentType: response.headers["content-type"] }),
        );
        response.on("error", reject);
        response.on("close", () => response.complete || reject(new DomainError("PAD_FETCH_FAILED")));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/**
 * The text of the pad at `url` (a page address is read through its export, see `padExportUrl`).
 * Throws `PAD_URL_INVALID` (not http or https), `PAD_ADDRESS_REFUSED` (a private address, the host not
 * allowed; checked again at each of at most 3 redirects), `PAD_TIMEOUT`, `PAD_TOO_LARGE`,
 * `PAD_NOT_TEXT`, or `PAD_FETCH_FAILED` (an error status, too many redirects, an unknown host, a
 * connection lost).
 */
export async function fetchPad(
  url: string,
  options: PadFetchOptions,
  now: () => Date = () => new Date(),
): Promise<FetchedPad> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DomainError("PAD_TIMEOUT")), options.timeoutMs);
  try {
    let current = webAddress(padExportUrl(url));
    for (let redirects = 0; ; redirects++) {
      const target = await resolve(current, options, controller.signal);
      const answer = await get(current, target, options.maxBytes, controller.signal);
      if ("body" in answer) {
        const text = decodePadBytes(answer.body, answer.contentType);
        const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
        return { url: current.href, text, sha256, fetchedAt: now(), bytes: answer.body.length };
      }
      if (redirects === MAX_REDIRECTS) throw new DomainError("PAD_FETCH_FAILED");
      current = webAddress(new URL(answer.redirect, current).href);
    }
  } catch (error) {
    // Aborted first: whatever failed then (a connection reset, a body cut short) failed of the timeout.
    if (controller.signal.aborted) throw new DomainError("PAD_TIMEOUT");
    if (error instanceof DomainError) throw error;
    throw new DomainError("PAD_FETCH_FAILED");
  } finally {
    clearTimeout(timer);
  }
}

/** The encoding a byte order mark announces, which wins over what the server says (as in browsers). */
function byteOrderMark(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/** The charset's decoder, null when there is none or it is unknown. */
function declared(contentType: string | undefined): TextDecoder | null {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "")?.[1];
  if (!charset) return null;
  try {
    return new TextDecoder(charset);
  } catch {
    return null;
  }
}

/** What windows-1252 writes at bytes 0x80 to 0x9F, where Latin-1 has control characters. */
const WINDOWS_1252_C1 =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/**
 * windows-1252 (which the labels latin1 and iso-8859-1 also name), decoded here: Node's TextDecoder
 * reads it as Latin-1 since 20.18.3, "€" and "’" turning into control characters (nodejs/node#60888).
 */
function windows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString("latin1")
    .replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_C1[char.charCodeAt(0) - 0x80] ?? char);
}

/**
 * A text file's bytes as text (a fetched pad, an uploaded .txt): in the encoding its byte order mark or
 * its Content-Type's charset gives, otherwise UTF-8, or windows-1252 when the bytes are not UTF-8 (a
 * file saved on Windows). The byte order mark is dropped. Throws `PAD_NOT_TEXT` for binary content.
 */
export function decodePadBytes(bytes: Uint8Array, contentType?: string): string {
  const mark = byteOrderMark(bytes);
  const decoder = mark ? new TextDecoder(mark) : declared(contentType);
  let text: string;
  if (decoder?.encoding === "windows-1252") text = windows1252(bytes);
  else if (decoder) text = decoder.decode(bytes);
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      text = windows1252(bytes);
    }
  }
  if (text.includes("\u0000")) throw new DomainError("PAD_NOT_TEXT");
  return text.replace(/^\uFEFF/, "");
}
