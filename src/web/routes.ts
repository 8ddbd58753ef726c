/**
 * Route tables: each module lists its routes as literal URLs mapped to named handlers (pages and API
 * alike), in one `routes.ts` a newcomer reads top to bottom — searching for a URL finds its line, and
 * its line names its handler. The application registers every table through `registerRoutes`.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HTTPMethods,
  RouteGenericInterface,
  RouteShorthandOptions,
} from "fastify";
import type { Config } from "../config.ts";
import { registerUploads } from "./uploads.ts";

/** A handler of one route: plain Fastify, typed by what its URL and schema carry. */
export type Handler<G extends RouteGenericInterface = RouteGenericInterface> = (
  request: FastifyRequest<G>,
  reply: FastifyReply,
) => unknown;

/**
 * Which multipart body a route reads, if any: `files` (imports, images) up to
 * COMMUNS_UPLOAD_MAX_BYTES, `receipt` (an expense claim's receipt) up to COMMUNS_RECEIPT_MAX_BYTES.
 * Elsewhere multipart bodies are refused (415).
 */
export type UploadKind = "files" | "receipt";

export interface RouteOptions extends RouteShorthandOptions {
  upload?: UploadKind;
  /**
   * A mail client's one-click POST (RFC 8058) to a link that carries its own proof: no form token, and
   * its body (`List-Unsubscribe=One-Click`, urlencoded or multipart) is read and ignored.
   */
  oneClick?: true;
}

export interface Route {
  method: Extract<HTTPMethods, "GET" | "POST" | "PUT" | "DELETE">;
  url: string;
  handler: Handler;
  /** Static options (schema, rate limit, body limit), or made from the settings (a page's CSP). */
  options?: RouteOptions | ((config: Config) => RouteOptions);
}

function route(method: Route["method"]) {
  return <G extends RouteGenericInterface = RouteGenericInterface>(
    url: string,
    handler: Handler<G>,
    options?: Route["options"],
  ): Route => ({ method, url, handler: handler as unknown as Handler, options });
}

export const GET = route("GET");
export const POST = route("POST");
export const PUT = route("PUT");
export const DELETE = route("DELETE");

/** Registers route tables: plain routes on the app, upload routes in scopes that read their files. */
export async function registerRoutes(app: FastifyInstance, config: Config, tables: Route[][]): Promise<void> {
  const scoped: Record<UploadKind, Route[]> = { files: [], receipt: [] };
  const oneClicks: Route[] = [];
  for (const { method, url, handler, options } of tables.flat()) {
    const { upload, oneClick, ...rest } = typeof options === "function" ? options(config) : (options ?? {});
    if (upload) scoped[upload].push({ method, url, handler, options: rest });
    else if (oneClick)
      oneClicks.push({ method, url, handler, options: { ...rest, config: { csrf: false } } });
    else app.route({ method, url, handler, ...rest });
  }
  await app.register(async (scope) => {
    scope.addContentTypeParser("multipart/form-data", { bodyLimit: 4096 }, (_request, _body, done) =>
      done(null, {}),
    );
    for (const { method, url, handler, options } of oneClicks)
      scope.route({ method, url, handler, ...(options as RouteShorthandOptions) });
  });
  const limits: Record<UploadKind, number> = {
    files: config.uploadMaxBytes,
    receipt: config.receiptMaxBytes,
  };
  for (const kind of ["files", "receipt"] as const) {
    await app.register(async (uploads) => {
      await registerUploads(uploads, config.dataDir, limits[kind]);
      for (const { method, url, handler, options } of scoped[kind])
        uploads.route({ method, url, handler, ...(options as RouteShorthandOptions) });
    });
  }
}
