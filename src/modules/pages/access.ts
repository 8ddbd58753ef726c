/** Finding a space's wiki and a page in it, once the policy allows the action. */
import type { Kysely } from "kysely";
import { DomainError } from "../../core/errors.ts";
import { type Action, type Actor, refusal } from "../../core/policy.ts";
import { parseTitle, type WikiTitle } from "../../core/wiki.ts";
import type { Database } from "../../db/schema.ts";
import { urls } from "../../web/urls.ts";
import { findMembership, findSpaceBySlug, type SpaceRow } from "../spaces/service.ts";
import type { WikiPlace } from "./refresh.ts";
import * as store from "./store.ts";

type Db = Kysely<Database>;

export interface Wiki extends WikiPlace {
  space: SpaceRow;
  /** Whether this space is the instance's wiki, answering at `/wiki`. */
  atRoot: boolean;
}

/** The space's wiki, once the actor may take the action there. */
export async function wikiOf(db: Db, actor: Actor | undefined, slug: string, action: Action): Promise<Wiki> {
  const space = await findSpaceBySlug(db, slug);
  if (!space) throw new DomainError("SPACE_NOT_FOUND");
  const membership = actor ? await findMembership(db, space.id, actor.id) : undefined;
  const refused = refusal(actor, action, { space: { kind: space.kind }, membership });
  if (refused) throw new DomainError(refused);
  const atRoot = (await store.wikiSpaceId(db)) === space.id;
  return { space, spaceId: space.id, atRoot, root: urls.wikiRoot(space.slug, atRoot) };
}

/** A title from an address or a form; one that names no page is a 404 (pages) or a field error. */
export function titleOf(raw: string): WikiTitle {
  const key = parseTitle(raw);
  if (!key) throw new DomainError("PAGE_NOT_FOUND");
  return key;
}
