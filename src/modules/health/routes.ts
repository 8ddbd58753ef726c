import type { FastifyInstance } from "fastify";
import { sql } from "kysely";

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.communs;
  app.get("/health", async (_request, reply) => {
    try {
      await sql`select 1`.execute(db.kysely);
      return { status: "ok", database: db.dialect };
    } catch {
      return reply.status(503).send({ status: "unavailable", database: db.dialect });
    }
  });
}
