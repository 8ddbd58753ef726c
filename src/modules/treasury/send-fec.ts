import { PassThrough, type Writable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * The FEC's way to the client. Once the client is gone, the writer's next write throws (and a wait
 * for "drain" ends), so an abandoned download stops reading the database instead of waiting forever.
 */
class FecOutlet extends PassThrough {
  private gone = false;

  leave(): void {
    this.gone = true;
    this.emit("drain");
  }

  override write(chunk: Buffer): boolean {
    if (this.gone) throw new Error("FEC download abandoned by the client");
    return super.write(chunk);
  }
}

/** Streams a year's FEC (ISO 8859-15, CRLF) as an attachment named `<SIREN>FEC<AAAA>1231.txt`. */
export function sendFec(
  request: FastifyRequest,
  reply: FastifyReply,
  file: { fileName: string; write: (out: Writable) => Promise<unknown> },
): FastifyReply {
  const outlet = new FecOutlet();
  let finished = false;
  reply.raw.on("close", () => {
    if (!finished) outlet.leave();
  });
  file.write(outlet).then(
    () => {
      finished = true;
      outlet.end();
    },
    (error: unknown) => {
      finished = true;
      if (outlet.destroyed || !reply.raw.writable) request.log.info("FEC download abandoned");
      else request.log.error({ err: error }, "FEC cut short");
      outlet.destroy();
    },
  );
  return reply
    .type("text/plain; charset=iso-8859-15")
    .header("content-disposition", `attachment; filename="${file.fileName}"`)
    .header("cache-control", "no-store")
    .send(outlet);
}
