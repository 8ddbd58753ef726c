import type { FastifyReply, FastifyRequest } from "fastify";
import { GET } from "../../web/routes.ts";

async function health(request: FastifyRequest, reply: FastifyReply) {
  const { ok, database } = await request.server.communs.health.check();
  return ok ? { status: "ok", database } : reply.status(503).send({ status: "unavailable", database });
}

export const healthRoutes = [GET("/health", health)];
