import type { Invocation } from "./command.ts";
import { openMigrated } from "./services.ts";

const SHUTDOWN_MS = 10_000;

export async function serve({ config }: Invocation): Promise<void> {
  // The web application (every page and its libraries) loads only to serve: the other commands, a FEC
  // of a million lines among them, run in a third of the memory without it.
  const { buildApp, loggerOptions } = await import("../app.ts");
  const db = await openMigrated(config);
  const app = await buildApp({ config, db, logger: loggerOptions(config.logLevel) });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: finishing requests and jobs in flight");
    // A request or a mail server that never answers must not keep the process alive for ever.
    setTimeout(() => {
      app.log.error("shutdown took more than 10 s: stopping now");
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    try {
      await app.close();
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: db.dialect, url: config.publicUrl }, "Communs is listening");
}
