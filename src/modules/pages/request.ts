import type { FastifyRequest } from "fastify";
import { DomainError } from "../../core/errors.ts";
import type { Wiki } from "./service.ts";

// What the wiki's handlers share: the request's shape, the space it is in, numbers from the address.

export type WikiRequest = FastifyRequest<{
  Params: { slug?: string; "*": string };
  Querystring: Record<string, string | undefined>;
}>;

/** The space whose wiki an address is in: the one named, or the instance's wiki at `/wiki`. */
export async function slugOf(request: WikiRequest): Promise<string> {
  if (request.params.slug) return request.params.slug;
  const slug = await request.server.communs.pages.rootSlug();
  if (!slug) throw new DomainError("PAGE_NOT_FOUND");
  return slug;
}

export function wikiRef(wiki: Wiki) {
  return { root: wiki.root, space: { slug: wiki.space.slug, name: wiki.space.name } };
}

export function number(raw: string | undefined): number {
  if (!raw || !/^\d{1,12}$/.test(raw)) throw new DomainError("REVISION_NOT_FOUND");
  return Number(raw);
}
