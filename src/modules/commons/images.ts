import { createReadStream } from "node:fs";
import { chmod, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { oneLine } from "../../core/text.ts";
import { redirectWithFlash, requirePerson } from "../../web/http.ts";
import { uploadedFile } from "../../web/uploads.ts";
import { recordEvent } from "../audit/service.ts";

const FULL_SIZE = 1600;
const THUMB_SIZE = 400;
const MAX_IMAGES = 12;
const ACCEPTED = new Set(["jpeg", "png", "webp", "gif"]);
const IMAGE_ID = /^[0-9a-f-]{36}$/;

/**
 * Images of a commons: whatever comes in is decoded and re-encoded as WebP (which drops embedded
 * metadata such as a phone's GPS position) at two sizes, so nothing people upload is served as is.
 */
export async function imageRoutes(app: FastifyInstance): Promise<void> {
  const { commons, config, db } = app.communs;
  const folder = path.join(config.dataDir, "images");
  const fileOf = (id: string, size: "full" | "thumb") => path.join(folder, `${id}-${size}.webp`);

  app.post<{ Params: { slug: string; commons: string } }>(
    "/espaces/:slug/communs/:commons/images",
    async (request, reply) => {
      const person = requirePerson(request);
      const { record } = await commons.forEdit(person, request.params.slug, request.params.commons);
      const upload = uploadedFile(request.body, "image");
      if (!upload || upload.size === 0) throw validationError({ image: "commons.imageMissing" });
      const alt = oneLine((request.body as Record<string, unknown>).alt);
      if ([...alt].length > 200) throw validationError({ alt: "field.tooLong.200" });
      const count = await db.kysely
        .selectFrom("commons_images")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("commons_id", "=", record.id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_IMAGES) throw validationError({ image: "commons.tooManyImages" });
      const id = newId();
      try {
        const image = sharp(upload.file, { limitInputPixels: 50_000_000 });
        const meta = await image.metadata();
        if (!meta.format || !ACCEPTED.has(meta.format)) throw validationError({ image: "commons.imageType" });
        await mkdir(folder, { recursive: true, mode: 0o700 });
        const full = await image
          .clone()
          .rotate()
          .resize(FULL_SIZE, FULL_SIZE, { fit: "inside", withoutEnlargement: true })
          .webp()
          .toFile(fileOf(id, "full"));
        await image
          .clone()
          .rotate()
          .resize(THUMB_SIZE, THUMB_SIZE, { fit: "cover" })
          .webp()
          .toFile(fileOf(id, "thumb"));
        // sharp creates its files as the umask allows (often 0644): owner only, as every data file.
        for (const size of ["full", "thumb"] as const) await chmod(fileOf(id, size), 0o600);
        await db.kysely.transaction().execute(async (trx) => {
          await trx
            .insertInto("commons_images")
            .values({
              id,
              commons_id: record.id,
              position: Number(count.n),
              file: `${id}-full.webp`,
              content_type: "image/webp",
              width: full.width,
              height: full.height,
              alt,
              created_at: new Date().toISOString(),
            })
            .execute();
          await recordEvent(trx, {
            actorId: person.id,
            action: "commons.imageAdded",
            subjectType: "commons",
            subjectId: record.id,
            after: { alt },
          });
        });
      } catch (error) {
        await rm(fileOf(id, "full"), { force: true });
        await rm(fileOf(id, "thumb"), { force: true });
        if (error instanceof DomainError) throw error;
        throw validationError({ image: "commons.imageType" });
      } finally {
        await rm(upload.file, { force: true });
      }
      return redirectWithFlash(
        reply,
        `/espaces/${request.params.slug}/communs/${record.slug}`,
        "commons.imageAdded",
      );
    },
  );

  app.post<{ Params: { slug: string; commons: string; image: string } }>(
    "/espaces/:slug/communs/:commons/images/:image/supprimer",
    async (request, reply) => {
      const person = requirePerson(request);
      const { record } = await commons.forEdit(person, request.params.slug, request.params.commons);
      const deleted = await db.kysely
        .deleteFrom("commons_images")
        .where("id", "=", request.params.image)
        .where("commons_id", "=", record.id)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw new DomainError("NOT_FOUND");
      await rm(fileOf(request.params.image, "full"), { force: true });
      await rm(fileOf(request.params.image, "thumb"), { force: true });
      return redirectWithFlash(
        reply,
        `/espaces/${request.params.slug}/communs/${record.slug}`,
        "commons.imageDeleted",
      );
    },
  );

  app.get<{ Params: { image: string; size: string } }>("/images/:image/:size", async (request, reply) => {
    const { image, size } = request.params;
    if (!IMAGE_ID.test(image) || (size !== "full" && size !== "thumb")) throw new DomainError("NOT_FOUND");
    const row = await db.kysely
      .selectFrom("commons_images")
      .select("id")
      .where("id", "=", image)
      .executeTakeFirst();
    if (!row) throw new DomainError("NOT_FOUND");
    return reply
      .type("image/webp")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(createReadStream(fileOf(image, size)));
  });
}
