import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import multipart, { type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DomainError } from "../core/errors.ts";
import { newId } from "../core/ids.ts";

/** A file sent with a form, already on disk under the data folder. */
export interface Upload {
  file: string;
  filename: string;
  mimetype: string;
  size: number;
}

declare module "fastify" {
  interface FastifyRequest {
    uploads?: Upload[];
  }
}

/**
 * Multipart forms (imports, images): the fields become the body, as with any form, so the CSRF check
 * reads its token as usual; each file goes to disk as it arrives, never into memory, and is removed
 * when the request is refused. Routes that keep a file move it elsewhere.
 */
export async function registerUploads(app: FastifyInstance, dataDir: string, maxBytes: number) {
  const folder = path.join(dataDir, "uploads");
  await app.register(multipart, {
    attachFieldsToBody: "keyValues",
    limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 20_000 },
    async onFile(part: MultipartFile) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const file = path.join(folder, newId());
      await pipeline(part.file, createWriteStream(file, { mode: 0o600 }));
      if (part.file.truncated) {
        await rm(file, { force: true });
        throw new DomainError("PAYLOAD_TOO_LARGE");
      }
      const upload: Upload = {
        file,
        filename: part.filename,
        mimetype: part.mimetype,
        size: part.file.bytesRead,
      };
      const request = this as unknown as FastifyRequest;
      request.uploads = [...(request.uploads ?? []), upload];
      (part as unknown as { value: Upload }).value = upload;
    },
  });
  // Before the answer leaves, so that a refused upload is gone by the time anyone can look.
  app.addHook("onSend", async (request, reply, payload) => {
    if (reply.statusCode >= 400)
      for (const upload of request.uploads ?? []) await rm(upload.file, { force: true });
    return payload;
  });
}

/** The file field of a multipart form body, when one was sent. */
export function uploadedFile(body: unknown, name: string): Upload | undefined {
  const value = body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
  return value && typeof value === "object" && "file" in value ? (value as Upload) : undefined;
}
