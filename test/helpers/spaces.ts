import type { Actor } from "../../src/core/policy.ts";
import type { Person } from "../../src/modules/accounts/service.ts";
import { findMembership, findSpaceBySlug } from "../../src/modules/spaces/service.ts";
import type { Services } from "../../src/services.ts";
import { expireRound, roundAbout } from "./decisions.ts";

/**
 * Brings a person into a space the way people do: they ask to join; an open space lets them in, a
 * co-opting chamber holds its consent round (its days go by in silence, which is consent), elsewhere a
 * facilitator (`by`) accepts them; then `by` gives them a role other than member when one is named.
 */
export async function admit(
  app: { communs: Services },
  by: Actor,
  slug: string,
  person: Person,
  role: "member" | "treasurer" | "facilitator" = "member",
): Promise<void> {
  const { spaces, db } = app.communs;
  await spaces.join(person, slug, { introduction: "Bonjour" });
  const space = await findSpaceBySlug(db.kysely, slug);
  const membership = space && (await findMembership(db.kysely, space.id, person.id));
  if (!membership) throw new Error(`${person.displayName} did not ask to join ${slug}`);
  // An open space (an assembly) lets them in at once; a co-opted one waits for the facilitator.
  if (membership.status === "pending" && space && !app.communs.decisions.governance.decidesAlone(space)) {
    const round = await roundAbout(db, "membership", membership.id);
    await expireRound(db, round);
    await app.communs.decisions.settle(round);
  } else if (membership.status === "pending") await spaces.decideAdmission(by, slug, membership.id, "accept");
  if (role !== "member") await spaces.setRole(by, slug, membership.id, role);
}
