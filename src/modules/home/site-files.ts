import type { FastifyReply, FastifyRequest } from "fastify";
import { THEME_COLOR } from "../../web/layout.tsx";
import { urls } from "../../web/urls.ts";

const A_DAY = "public, max-age=86400";

/** For the browsers and tools that ask /favicon.ico whatever the page says (the layout links icon.svg). */
export async function favicon(_request: FastifyRequest, reply: FastifyReply) {
  return reply.header("cache-control", A_DAY).sendFile("favicon.ico");
}

/** The web manifest: the instance's name and icons, for a phone's home screen. */
export async function manifest(request: FastifyRequest, reply: FastifyReply) {
  const name = request.server.communs.config.instanceName;
  const icon = (file: string, sizes: string, type: string) => ({ src: urls.asset(file), sizes, type });
  return reply
    .header("content-type", "application/manifest+json; charset=utf-8")
    .header("cache-control", A_DAY)
    .send({
      name,
      short_name: name,
      lang: "fr",
      start_url: urls.home(),
      display: "standalone",
      background_color: "#ffffff",
      theme_color: THEME_COLOR,
      icons: [
        icon("icon-192.png", "192x192", "image/png"),
        icon("icon-512.png", "512x512", "image/png"),
        icon("icon.svg", "any", "image/svg+xml"),
      ],
    });
}
