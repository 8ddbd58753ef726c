/**
 * Images of a commons: whatever comes in is decoded and re-encoded as WebP (which drops embedded
 * metadata such as a phone's GPS position) at two sizes, so nothing people upload is served as is.
 */
import { chmod, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import type { Actor } from "../../core/policy.ts";
import { oneLine } from "../../core/text.ts";
import type { Records } from "./service-records.ts";
import { countImages, deleteImage, imageExists, insertImage } from "./store-images.ts";

const FULL_SIZE = 1600;
const THUMB_SIZE = 400;
const MAX_IMAGES = 12;
const ACCEPTED = new Set(["jpeg", "png", "webp", "gif"]);
const IMAGE_ID = /^[0-9a-f-]{36}$/;

type ImageSize = "full" | "thumb";

export function createImages(ctx: Context, base: Records) {
  const db = ctx.db.kysely;
  const folder = path.join(ctx.config.dataDir, "images");
  const fileOf = (id: string, size: ImageSize) => path.join(folder, `${id}-${size}.webp`);
  const removeFiles = async (id: string) => {
    await rm(fileOf(id, "full"), { force: true });
    await rm(fileOf(id, "thumb"), { force: true });
  };

  /** The record, once the actor may edit it. */
  async function editable(actor: Actor | undefined, spaceSlug: string, slug: string) {
    const { row, space } = await base.recordBySlug(spaceSlug, slug);
    const editor = await base.authorise(actor, space, "commons.edit", row);
    return { row, space, editor };
  }

  return {
    /** Adds an uploaded image (a file already on disk, removed once read) with its text alternative. */
    async addImage(
      actor: Actor | undefined,
      spaceSlug: string,
      slug: string,
      upload: { file: string; size: number } | undefined,
      rawAlt: unknown,
    ) {
      const { row, space, editor } = await editable(actor, spaceSlug, slug);
      if (!upload || upload.size === 0) throw validationError({ image: "commons.imageMissing" });
      const alt = oneLine(rawAlt);
      if ([...alt].length > 200) throw validationError({ alt: "field.tooLong.200" });
      const count = await countImages(db, row.id);
      if (count >= MAX_IMAGES) throw validationError({ image: "commons.tooManyImages" });
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
        await db.transaction().execute(async (trx) => {
          await insertImage(trx, {
            id,
            commons_id: row.id,
            position: count,
            file: `${id}-full.webp`,
            content_type: "image/webp",
            width: full.width,
            height: full.height,
            alt,
            created_at: new Date().toISOString(),
          });
          await base.commonsEvent(trx, editor.id, space.id, row.id, "commons.imageAdded", { after: { alt } });
        });
      } catch (error) {
        await removeFiles(id);
        if (error instanceof DomainError) throw error;
        throw validationError({ image: "commons.imageType" });
      } finally {
        await rm(upload.file, { force: true });
      }
      return { slug: row.slug };
    },

    async removeImage(actor: Actor | undefined, spaceSlug: string, slug: string, imageId: string) {
      const { row, space, editor } = await editable(actor, spaceSlug, slug);
      await db.transaction().execute(async (trx) => {
        if (!(await deleteImage(trx, row.id, imageId))) throw new DomainError("NOT_FOUND");
        await base.commonsEvent(trx, editor.id, space.id, row.id, "commons.imageDeleted");
      });
      await removeFiles(imageId);
      return { slug: row.slug };
    },

    /** The file of an image at one of its sizes, or NOT_FOUND. */
    async imageFile(id: string, size: string): Promise<string> {
      if (!IMAGE_ID.test(id) || (size !== "full" && size !== "thumb")) throw new DomainError("NOT_FOUND");
      if (!(await imageExists(db, id))) throw new DomainError("NOT_FOUND");
      return fileOf(id, size);
    },
  };
}
