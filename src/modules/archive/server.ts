/**
 * `communs archive serve DIR`: the archive served as nginx would serve it with its redirect map — an
 * old address answered by a 301, a path by its file or its folder's index.html, the query ignored.
 * For a preview and the browser test; a real site uses nginx or Caddy with the map the archive holds.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { decodedSegments, keyOf } from "./paths.ts";
import { REDIRECTS_JSON, type Redirect } from "./redirects.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".geojson": "application/geo+json",
  ".jsonld": "application/ld+json",
  ".webmanifest": "application/manifest+json",
  ".atom": "application/atom+xml",
  ".xml": "application/xml",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".pf_meta": "application/octet-stream",
};

export interface ArchiveServer {
  url: string;
  close(): Promise<void>;
}

const isFile = async (file: string) => (await stat(file).catch(() => null))?.isFile() ?? false;

export async function serveArchive(dir: string, port = 0, host = "127.0.0.1"): Promise<ArchiveServer> {
  const root = path.resolve(dir);
  const redirects = new Map<string, string>();
  const list = JSON.parse(
    await readFile(path.join(root, REDIRECTS_JSON), "utf8").catch(() => "[]"),
  ) as Redirect[];
  for (const { from, to } of list) redirects.set(keyOf(new URL(from, "http://archive.invalid")), to);

  const server = http.createServer((request, response) => {
    void (async () => {
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      const url = new URL(request.url ?? "/", "http://archive.invalid");
      const target = redirects.get(keyOf(url));
      if (target) {
        response.writeHead(301, { location: target }).end();
        return;
      }
      const segments = decodedSegments(url.pathname);
      if (!segments) {
        response.writeHead(400).end();
        return;
      }
      const file = path.join(root, ...segments);
      const candidates = url.pathname.endsWith("/")
        ? [path.join(file, "index.html")]
        : [file, path.join(file, "index.html")];
      for (const candidate of candidates) {
        if (!candidate.startsWith(root) || !(await isFile(candidate))) continue;
        const type = TYPES[path.extname(candidate).toLowerCase()] ?? "application/octet-stream";
        response.writeHead(200, { "content-type": type });
        if (request.method === "HEAD") response.end();
        else createReadStream(candidate).pipe(response);
        return;
      }
      response.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      response.end(
        '<!doctype html><html lang="fr"><title>Introuvable</title><p>Page introuvable dans l’archive.</p></html>',
      );
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
