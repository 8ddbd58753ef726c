import type { FastifyReply, FastifyRequest } from "fastify";
import { SAFE_METHODS } from "./http.ts";
import { negotiate } from "./i18n.ts";

interface CachedPage {
  expires: number;
  headers: Record<string, string | number | string[] | undefined>;
  body: string;
}

const MAX_PAGES = 1000;
// Headers that belong to one response and are written anew for each.
const OWN_HEADERS = new Set(["content-length", "date", "connection", "keep-alive"]);

/** Only a visitor with no cookie and no token sees the same page as every other such visitor. */
function anonymousGet(request: FastifyRequest): boolean {
  return request.method === "GET" && !request.headers.cookie && !request.headers.authorization;
}

function keyOf(request: FastifyRequest): string {
  return `${negotiate(request.headers["accept-language"])} ${request.url}`;
}

function cacheable(request: FastifyRequest, reply: FastifyReply, payload: unknown): payload is string {
  return (
    anonymousGet(request) &&
    reply.statusCode === 200 &&
    typeof payload === "string" &&
    /^(text\/html|application\/json)\b/.test(String(reply.getHeader("content-type") ?? "")) &&
    // A page that set a cookie (a form's CSRF token, a flash message) was made for one visitor.
    reply.getHeader("set-cookie") === undefined
  );
}

/**
 * A micro-cache of the HTML pages and JSON data anonymous visitors see (the directory, spaces, about
 * pages, the map's points): each is rendered at most once per `ttlMs` by this process. Any write handled here empties it at once; writes
 * made by another process (or the CLI) show after at most `ttlMs`. Pages that set a cookie (a form's
 * CSRF token, a flash message) are never kept.
 *
 * Its three hooks go in three places: `serve` first of all onRequest hooks, so that a hit skips the
 * rest; `keep` last of all onSend hooks, once every plugin has set its headers and cookies.
 */
export function pageCache(ttlMs: number) {
  const pages = new Map<string, CachedPage>();
  const served = new WeakSet<FastifyRequest>();
  const on = ttlMs > 0;

  return {
    async serve(request: FastifyRequest, reply: FastifyReply) {
      if (!on || !anonymousGet(request)) return;
      const key = keyOf(request);
      const page = pages.get(key);
      if (!page) return;
      if (page.expires <= Date.now()) {
        pages.delete(key);
        return;
      }
      served.add(request);
      return reply.headers(page.headers).send(page.body);
    },

    async keep(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      if (on && !served.has(request) && cacheable(request, reply, payload)) {
        const headers = Object.fromEntries(
          Object.entries(reply.getHeaders()).filter(([name]) => !OWN_HEADERS.has(name)),
        );
        if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value as string);
        pages.set(keyOf(request), { expires: Date.now() + ttlMs, headers, body: payload });
      }
      return payload;
    },

    async forget(request: FastifyRequest) {
      if (!SAFE_METHODS.has(request.method)) pages.clear();
    },
  };
}
