import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import multipart, { type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DomainError } from "../core/errors.ts";
import { newId } from "../core/ids.ts";
import { errorHandler } from "./errors.tsx";

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
    /** Set once the multipart body has been read whole. */
    uploadRead?: boolean;
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
      const upload: Upload = {
        file: path.join(folder, newId()),
        filename: part.filename,
        mimetype: part.mimetype,
        size: 0,
      };
      // Known before it is written, so that a body cut halfway leaves no file behind either.
      const request = this as unknown as FastifyRequest;
      request.uploads = [...(request.uploads ?? []), upload];
      await pipeline(part.file, createWriteStream(upload.file, { mode: 0o600 }));
      if (part.file.truncated) throw new DomainError("PAYLOAD_TOO_LARGE");
      upload.size = part.file.bytesRead;
      (part as unknown as { value: Upload }).value = upload;
    },
  });
  // A body the multipart reader cannot make sense of is the client's mistake (400), not ours.
  // Runs after the multipart reader's own preValidation hook, registered just above.
  app.addHook("preValidation", async (request) => {
    request.uploadRead = true;
  });
  app.setErrorHandler((error, request, reply) => {
    const broken = request.isMultipart() && !request.uploadRead && !(error instanceof DomainError);
    return errorHandler(broken ? new DomainError("BAD_REQUEST") : error, request, reply);
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
