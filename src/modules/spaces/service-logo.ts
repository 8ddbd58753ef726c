/**
 * A space's logo: whatever comes in is decoded and re-encoded as a small WebP (which drops embedded
 * metadata), under a new name each time so that its address can be cached for good.
 */
import { chmod, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import type { Context } from "../../context.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { type Actor, authenticate, authorize } from "../../core/policy.ts";
import { recordEvent } from "../audit/service.ts";
import * as store from "./store.ts";

const LOGO_SIZE = 256;
const ACCEPTED = new Set(["jpeg", "png", "webp", "gif"]);
const LOGO_FILE = /^logo-[0-9a-f-]{36}\.webp$/;

export function createLogos(ctx: Context) {
  const db = ctx.db.kysely;
  const folder = path.join(ctx.config.dataDir, "images");

  /** Re-encodes the upload as the logo's file; refuses what is not an image. */
  async function encode(upload: { file: string }): Promise<string> {
    const image = sharp(upload.file, { limitInputPixels: 50_000_000 });
    const meta = await image.metadata().catch(() => undefined);
    if (!meta?.format || !ACCEPTED.has(meta.format)) throw validationError({ logo: "commons.imageType" });
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const file = path.join(folder, `logo-${newId()}.webp`);
    try {
      await image
        .rotate()
        .resize(LOGO_SIZE, LOGO_SIZE, { fit: "inside", withoutEnlargement: true })
        .webp()
        .toFile(file);
    } catch {
      // A header that reads as an image over a body that does not (a truncated file).
      await rm(file, { force: true });
      throw validationError({ logo: "commons.imageType" });
    }
    await chmod(file, 0o600);
    return path.basename(file);
  }

  return {
    /** Replaces the space's logo with an uploaded image (a file on disk, removed once read). */
    async setLogo(
      actor: Actor | undefined,
      slug: string,
      upload: { file: string; size: number } | undefined,
    ) {
      authenticate(actor);
      const space = await store.findSpaceBySlug(db, slug);
      if (!space) throw new DomainError("SPACE_NOT_FOUND");
      authorize(actor, "space.edit", {
        space,
        membership: await store.findMembership(db, space.id, actor.id),
      });
      if (!upload || upload.size === 0) throw validationError({ logo: "commons.imageMissing" });
      try {
        const file = await encode(upload);
        await db.transaction().execute(async (trx) => {
          await store.updateSpace(trx, space.id, { logo: file });
          await recordEvent(trx, {
            actorId: actor.id,
            spaceId: space.id,
            action: "space.edited",
            subjectType: "space",
            subjectId: space.id,
            before: { logo: space.logo },
            after: { logo: file },
          });
        });
        if (space.logo) await rm(path.join(folder, space.logo), { force: true });
      } finally {
        await rm(upload.file, { force: true });
      }
      return space;
    },

    /** The file of a logo, by its name. */
    async logoFile(file: string): Promise<string> {
      const found = LOGO_FILE.test(file) && (await store.spaceWithLogo(db, file));
      if (!found) throw new DomainError("NOT_FOUND");
      return path.join(folder, file);
    },
  };
}
