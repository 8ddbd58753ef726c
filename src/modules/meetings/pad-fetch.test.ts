import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { DomainError, type ErrorCode } from "../../core/errors.ts";
import { decodePadBytes, fetchPad, type PadFetchOptions, padExportUrl } from "./pad-fetch.ts";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 that answers as each test sets, and counts what reached it. */
async function startStub() {
  const seen: { path: string; host: string | undefined }[] = [];
  let connections = 0;
  let handler: Handler = (_request, response) => response.writeHead(404).end();
  const server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", host: request.headers.host });
    handler(request, response);
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    seen,
    connections: () => connections,
    answer(next: Handler) {
      handler = next;
    },
    text(
      body: string | Buffer,
      headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" },
    ) {
      handler = (_request, response) => response.writeHead(200, headers).end(body);
    },
    reset() {
      seen.length = 0;
      connections = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const pads = await startStub();
const elsewhere = await startStub();
after(() => Promise.all([pads.close(), elsewhere.close()]));

const allowed: PadFetchOptions = { timeoutMs: 2000, maxBytes: 100_000, allowedHosts: [pads.host] };
const strict: PadFetchOptions = { timeoutMs: 500, maxBytes: 100_000, allowedHosts: [] };

async function refusal(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

describe("fetching a pad", () => {
  it("reads an allowed pad's text, keeping its Host, with the hash of the text", async () => {
    pads.reset();
    pads.text("\uFEFFOrdre du jour\n• Accueil (10 min)\n");
    const at = new Date("2026-10-13T19:00:00Z");
    const pad = await fetchPad(pads.url("/p/reunion-octobre"), allowed, () => at);
    const text = "Ordre du jour\n• Accueil (10 min)\n";
    assert.deepEqual(pad, {
      url: pads.url("/p/reunion-octobre/export/txt"),
      text,
      sha256: createHash("sha256").update(text).digest("hex"),
      fetchedAt: at,
      bytes: Buffer.byteLength(`\uFEFF${text}`),
    });
    assert.deepEqual(pads.seen, [{ path: "/p/reunion-octobre/export/txt", host: pads.host }]);
  });

  it("refuses the instance's own addresses by default, before any connection", async () => {
    pads.reset();
    pads.text("secret");
    await refusal(fetchPad(pads.url("/p/x/export/txt"), strict), "PAD_ADDRESS_REFUSED");
    await refusal(
      fetchPad(pads.url("/p/x"), {
        ...strict,
        allowedHosts: [`127.0.0.1:${Number(pads.host.split(":")[1]) + 1}`],
      }),
      "PAD_ADDRESS_REFUSED",
    );
    assert.equal(pads.connections(), 0);
    assert.deepEqual(pads.seen, []);
    // A host allowed without its port is allowed on any port.
    assert.equal(
      (await fetchPad(pads.url("/p/x"), { ...strict, allowedHosts: ["127.0.0.1"] })).text,
      "secret",
    );
  });

  it("refuses private, loopback, link-local, multicast and unspecified addresses, IPv4 and IPv6", async () => {
    const addresses = [
      "http://[::1]/p/x",
      "http://10.0.0.1/p/x",
      "http://172.16.5.4/p/x",
      "http://192.168.1.1/p/x",
      "http://100.64.0.1/p/x",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:127.0.0.1]/p/x",
      "http://[::ffff:10.0.0.1]/p/x",
      "http://[64:ff9b::a00:1]/p/x",
      "http://[fd12:3456::1]/p/x",
      "http://[fe80::1]/p/x",
      "http://[ff02::1]/p/x",
      "http://224.0.0.1/p/x",
      "http://0.0.0.0/p/x",
      "http://[::]/p/x",
      "http://2130706433/p/x",
      "https://127.0.0.1:8443/p/x",
    ];
    for (const address of addresses) await refusal(fetchPad(address, strict), "PAD_ADDRESS_REFUSED");
  });

  it("refuses what is not http or https", async () => {
    for (const address of ["ftp://127.0.0.1/p/x", "file:///etc/passwd", "gopher://10.0.0.1/", "pad", ""]) {
      await refusal(fetchPad(address, allowed), "PAD_URL_INVALID");
    }
  });

  it("gives up when the pad does not answer in time", async () => {
    pads.answer(() => {});
    const started = Date.now();
    await refusal(fetchPad(pads.url("/p/lent"), { ...allowed, timeoutMs: 150 }), "PAD_TIMEOUT");
    assert.ok(Date.now() - started < 1500);
  });

  it("stops reading past the byte cap and closes the connection", async () => {
    let closed: () => void = () => {};
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    let finished = false;
    pads.answer((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.on("close", () => {
        finished = response.writableFinished;
        closed();
      });
      const more = () => {
        if (response.destroyed) return;
        response.write("x".repeat(16_384), () => setImmediate(more));
      };
      more();
    });
    await refusal(fetchPad(pads.url("/p/long"), { ...allowed, maxBytes: 65_536 }), "PAD_TOO_LARGE");
    await serverSawClose;
    assert.equal(finished, false);
    // A length announced above the cap is refused before the body is read.
    pads.text("y".repeat(2000));
    await refusal(fetchPad(pads.url("/p/long"), { ...allowed, maxBytes: 1000 }), "PAD_TOO_LARGE");
  });

  it("follows redirects on allowed hosts only, three at most", async () => {
    pads.answer((request, response) => {
      const step = Number(/\/p\/etape-(\d)/.exec(request.url ?? "")?.[1] ?? 0);
      if (request.url === "/p/ailleurs/export/txt") {
        response.writeHead(302, { location: elsewhere.url("/p/x/export/txt") }).end();
      } else if (step > 0) {
        response.writeHead(302, { location: `/p/etape-${step - 1}/export/txt` }).end();
      } else {
        response.writeHead(200, { "content-type": "text/plain" }).end("arrivé");
      }
    });
    const followed = await fetchPad(pads.url("/p/etape-3"), allowed);
    assert.equal(followed.text, "arrivé");
    assert.equal(followed.url, pads.url("/p/etape-0/export/txt"));
    await refusal(fetchPad(pads.url("/p/etape-4"), allowed), "PAD_FETCH_FAILED");

    elsewhere.reset();
    elsewhere.text("à ne pas lire");
    await refusal(fetchPad(pads.url("/p/ailleurs"), allowed), "PAD_ADDRESS_REFUSED");
    assert.equal(elsewhere.connections(), 0);
  });

  it("fails on an error status, on a body that is not text, and on a closed port", async () => {
    pads.answer((_request, response) =>
      response.writeHead(404, { "content-type": "text/plain" }).end("absent"),
    );
    await refusal(fetchPad(pads.url("/p/absent"), allowed), "PAD_FETCH_FAILED");
    pads.text(Buffer.from([0x89, 0x50, 0x4e, 0x47]), { "content-type": "image/png" });
    await refusal(fetchPad(pads.url("/p/image"), allowed), "PAD_NOT_TEXT");
    pads.text(Buffer.from("du texte\u0000 puis du binaire"), {});
    await refusal(fetchPad(pads.url("/p/binaire"), allowed), "PAD_NOT_TEXT");
    pads.text("compressé", { "content-type": "text/plain", "content-encoding": "gzip" });
    await refusal(fetchPad(pads.url("/p/gzip"), allowed), "PAD_NOT_TEXT");
    await refusal(
      fetchPad("http://127.0.0.1:1/p/x", { ...allowed, allowedHosts: ["127.0.0.1:1"] }),
      "PAD_FETCH_FAILED",
    );
  });

  it("decodes a Windows file without charset, and honours a declared charset", async () => {
    pads.text(Buffer.from([0x52, 0xe9, 0x75, 0x6e, 0x69, 0x6f, 0x6e, 0x20, 0x80]), {
      "content-type": "text/plain",
    });
    assert.equal((await fetchPad(pads.url("/p/windows"), allowed)).text, "Réunion €");
    // UTF-8 bytes said to be Latin-1 are read as Latin-1.
    pads.text(Buffer.from("é", "utf8"), { "content-type": "text/plain; charset=iso-8859-1" });
    assert.equal((await fetchPad(pads.url("/p/latin"), allowed)).text, "Ã©");
    pads.text(Buffer.from([0xe9, 0x74, 0xe9]), { "content-type": 'text/plain; charset="ISO-8859-1"' });
    assert.equal((await fetchPad(pads.url("/p/latin"), allowed)).text, "été");
  });
});

describe("pad text", () => {
  it("reads UTF-8, UTF-16 with its byte order mark, and windows-1252 otherwise", () => {
    assert.equal(decodePadBytes(Buffer.from("Compte rendu : décisions")), "Compte rendu : décisions");
    assert.equal(decodePadBytes(Buffer.from("\uFEFFavec BOM")), "avec BOM");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("été", "utf16le")]);
    assert.equal(decodePadBytes(utf16), "été");
    assert.equal(decodePadBytes(Buffer.from("été", "utf16le"), "text/plain; charset=utf-16le"), "été");
    assert.equal(decodePadBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9])), "café");
    assert.equal(decodePadBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9]), "text/plain; charset=bogus"), "café");
    assert.equal(decodePadBytes(new Uint8Array()), "");
    // Word's quotes and the euro sign, where windows-1252 differs from Latin-1.
    const word = Buffer.from([0x93, 0x6f, 0x6b, 0x94, 0x20, 0x92, 0x20, 0x80, 0x20, 0x9c, 0x20, 0x81]);
    assert.equal(decodePadBytes(word), "\u201cok\u201d \u2019 \u20ac \u0153 \u0081");
    assert.equal(
      decodePadBytes(word, "text/plain; charset=latin1"),
      "\u201cok\u201d \u2019 \u20ac \u0153 \u0081",
    );
    assert.throws(() => decodePadBytes(Buffer.from("été", "utf16le")), DomainError);
  });
});

describe("pad export address", () => {
  it("turns a pad's page into its text export, and keeps any other address", () => {
    const cases: [string, string][] = [
      ["https://pad.example/p/reunion", "https://pad.example/p/reunion/export/txt"],
      ["https://pad.example/p/reunion/", "https://pad.example/p/reunion/export/txt"],
      ["https://pad.example/p/reunion?lang=fr#L3", "https://pad.example/p/reunion/export/txt"],
      ["https://pad.example/p/reunion/timeslider", "https://pad.example/p/reunion/export/txt"],
      [
        "https://pad.example/etherpad/p/r%C3%A9union",
        "https://pad.example/etherpad/p/r%C3%A9union/export/txt",
      ],
      ["https://pad.example/p/reunion/export/txt", "https://pad.example/p/reunion/export/txt"],
      ["http://PAD.example:9001/p/ag", "http://pad.example:9001/p/ag/export/txt"],
      ["https://files.example/compte-rendu.txt", "https://files.example/compte-rendu.txt"],
      ["https://pad.example/", "https://pad.example/"],
    ];
    for (const [page, exported] of cases) assert.equal(padExportUrl(page), exported, page);
    assert.throws(() => padExportUrl("javascript:alert(1)"), DomainError);
    assert.throws(() => padExportUrl("pad.example/p/x"), DomainError);
  });
});
