import { createRequire } from "node:module";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { ROOT } from "../paths.ts";

const require = createRequire(path.join(ROOT, "package.json"));

/** The `dist/` folder of an installed package, wherever npm put it. */
function distOf(packageName: string): string {
  return path.join(path.dirname(require.resolve(`${packageName}/package.json`)), "dist");
}

/**
 * Leaflet and its marker clusters, served from our own server (never a CDN: the CSP allows scripts from
 * 'self' only, and no visitor's address goes to a third party). The versions only change with
 * package.json, so browsers may keep them long. `decorateReply` is off: app.ts registers the first
 * @fastify/static, which owns `reply.sendFile`.
 */
export async function vendorAssets(app: FastifyInstance): Promise<void> {
  const common = { decorateReply: false, maxAge: "30d", index: false, list: false } as const;
  await app.register(fastifyStatic, {
    ...common,
    root: distOf("leaflet"),
    prefix: "/assets/vendor/leaflet/",
  });
  await app.register(fastifyStatic, {
    ...common,
    root: distOf("leaflet.markercluster"),
    prefix: "/assets/vendor/markercluster/",
  });
}
