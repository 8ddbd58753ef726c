/**
 * Who may do what in a space, as plain rules over plain data. Services call these before acting;
 * views may call them to hide buttons, but hiding is never the protection.
 */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

export const MEMBERSHIP_ROLES = ["member", "facilitator", "treasurer"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
export type MembershipStatus = "pending" | "active" | "declined" | "left";

export interface MembershipView {
  role: MembershipRole;
  status: MembershipStatus;
}

export type SpaceAction = "manageMembers" | "readAudit";

/** Which active members may do what in their space (instance administrators may do everything). */
const ROLES_ALLOWED: Record<SpaceAction, readonly MembershipView["role"][]> = {
  manageMembers: ["facilitator"],
  readAudit: ["facilitator"],
};

export function allow(
  actor: Actor | undefined,
  action: SpaceAction,
  membership: MembershipView | undefined,
): boolean {
  if (!actor) return false;
  if (actor.isAdmin) return true;
  return membership?.status === "active" && ROLES_ALLOWED[action].includes(membership.role);
}

export function canCreateSpace(actor: Actor | undefined): boolean {
  return actor?.isAdmin === true;
}

/** An open space lets people in at once; a co-opted one holds them as pending requests. */
export function joinStatus(access: string): "active" | "pending" {
  return access === "open" ? "active" : "pending";
}
