/**
 * Who may do what: every permission rule of Communs, in one registry of plain rules over plain data.
 * Services load what a rule looks at (the space, the actor's membership in it, the record) and call
 * `authorize` before acting; views call `can` to decide what to offer, but hiding a button is never the
 * protection. A rule answers for one action; the registry is the only place such rules live.
 */
import { DomainError } from "./errors.ts";
import type { SpaceKind } from "./spaces.ts";

export interface Actor {
  id: string;
  isAdmin: boolean;
}

export const MEMBERSHIP_ROLES = ["member", "facilitator", "treasurer"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
export type MembershipStatus = "pending" | "active" | "declined" | "left";

export interface Membership {
  role: string;
  status: string;
}

/** What a rule may look at, loaded by the service that asks. */
export interface Resource {
  /**
   * The space the action happens in, and who runs its task board when it is a chamber (`members`, the
   * default, or `facilitators`).
   */
  space?: { kind: SpaceKind; tasksRule?: string };
  /** The actor's membership in that space, if any. */
  membership?: Membership;
  /** A commons of the assembly's directory: who created it, and whether the actor is a confirmed commoner. */
  commons?: { createdBy: string | null; confirmedCommoner: boolean };
  /**
   * An expense claim: who wrote it, and whether it waits for a decision (above the do-ocracy cap, its
   * proposal not adopted yet).
   */
  claim?: { authorId: string; awaitingDecision?: boolean };
  /** A meeting: who planned it. */
  meeting?: { createdBy: string | null };
  /** A task of a space's board: who volunteers for it (people with an account) and who created it. */
  task?: { volunteerIds: string[]; createdBy: string | null };
  /** A proposal: who proposed it, who is asked (`members` or `facilitators`), and its class. */
  proposal?: { proposerId: string | null; participants: string; class: string };
  /** An objection: who raised it. */
  objection?: { authorId: string | null };
}

/** Why an action is refused, as the error the person gets. */
export type Refusal = "UNAUTHENTICATED" | "FORBIDDEN" | "SPACE_NOT_FOUND" | "DECISION_PENDING";

interface Rule {
  /** The kind of space the action exists in: elsewhere the page is not there (404), whoever asks. */
  kind?: SpaceKind;
  /** Anyone may, signed in or not. */
  open?: true;
  /** For a signed-in actor: whether the rule lets them, or why not when it is more than a lack of right. */
  allows?: (actor: Actor, resource: Resource) => boolean | Refusal;
}

const active = (r: Resource) => r.membership?.status === "active";
const hasRole =
  (...roles: MembershipRole[]) =>
  (r: Resource) =>
    active(r) && roles.includes(r.membership?.role as MembershipRole);
const isFacilitator = hasRole("facilitator");
/** Treasurers and facilitators keep a chamber's books. */
const keepsBooks = hasRole("treasurer", "facilitator");
const admin = (actor: Actor) => actor.isAdmin;
/**
 * Who does the work of a task board. An assembly is a do-ocracy: any active member acts and tells. A
 * chamber decides by its rule: its members too by default, its facilitators alone when it says so.
 */
const worker = (r: Resource) =>
  r.space?.kind === "chamber" && r.space.tasksRule === "facilitators" ? isFacilitator(r) : active(r);
/** Asked in a round: every active member, or only the facilitators when the round says so. */
const asked = (r: Resource) => (r.proposal?.participants === "facilitators" ? isFacilitator(r) : active(r));
const volunteers = (a: Actor, r: Resource) => r.task?.volunteerIds.includes(a.id) === true;
const anyone = () => true;

const RULES = {
  // The instance
  "instance.createSpace": { allows: admin },
  "instance.readAudit": { allows: admin },
  "instance.manageJobs": { allows: admin },
  /** The instance's lifecycle: a notice banner, read-only, archived, each from a day. */
  "instance.manageLifecycle": { allows: admin },

  // A person's own account (RGPD): their data to download, their account to delete
  "account.export": { allows: anyone },
  "account.delete": { allows: anyone },

  // Notifications: one's own list and settings; a mailed unsubscribe link works without signing in
  "notifications.read": { allows: anyone },
  "notifications.unsubscribe": { open: true },

  // Spaces and membership
  "space.read": { open: true },
  "space.join": { allows: anyone },
  "space.leave": { allows: anyone },
  "space.manageMembers": { allows: (a, r) => admin(a) || isFacilitator(r) },
  "space.readAudit": { allows: (a, r) => admin(a) || isFacilitator(r) },
  /** Name, description, territory or theme, linked assembly, logo: the slug stays. */
  "space.edit": { allows: (a, r) => admin(a) || isFacilitator(r) },

  // An assembly's directory of commons
  "commons.read": { kind: "assembly", open: true },
  "commons.create": { kind: "assembly", allows: (a, r) => admin(a) || active(r) },
  /** The creator, confirmed commoners and facilitators edit a record. */
  "commons.edit": {
    kind: "assembly",
    allows: (a, r) =>
      admin(a) || isFacilitator(r) || r.commons?.createdBy === a.id || r.commons?.confirmedCommoner === true,
  },
  /** Members of the assembly say they contribute; no right comes with it until an editor confirms. */
  "commons.declareCommoner": { kind: "assembly", allows: (a, r) => admin(a) || active(r) },
  /** Delete, merge, tags, kinds, the addresses dashboard, imports. */
  "commons.curate": { kind: "assembly", allows: (a, r) => admin(a) || isFacilitator(r) },

  /** A chamber's facilitators link commons of the assembly's directory to the chamber. */
  "chamber.linkCommons": { kind: "chamber", allows: (a, r) => admin(a) || isFacilitator(r) },

  // A chamber's money
  "ledger.read": { kind: "chamber", open: true },
  "ledger.book": { kind: "chamber", allows: (a, r) => admin(a) || keepsBooks(r) },
  /** HelloAsso calls without an account; the payment is trusted only once fetched back from its API. */
  "ledger.notify": { kind: "chamber", open: true },
  "claim.submit": { kind: "chamber", allows: (a, r) => admin(a) || active(r) },
  /** Members see their own claims; those who keep the books see them all. */
  "claim.list": { kind: "chamber", allows: (a, r) => admin(a) || active(r) },
  "claim.listAll": { kind: "chamber", allows: (a, r) => admin(a) || keepsBooks(r) },
  /** A claim and its receipts: its author, and those who keep the books. */
  "claim.read": {
    kind: "chamber",
    allows: (a, r) => r.claim?.authorId === a.id || admin(a) || keepsBooks(r),
  },
  "claim.edit": { kind: "chamber", allows: (a, r) => r.claim?.authorId === a.id },
  /** A claimant's IBAN in full: those who pay claims; its author sees it masked. */
  "claim.readIban": { kind: "chamber", allows: (a, r) => admin(a) || keepsBooks(r) },
  /**
   * Approve, pay or reject: someone who keeps the books and did not write the claim. Above the
   * do-ocracy cap, not before the chamber has adopted the claim's proposal.
   */
  "claim.decide": {
    kind: "chamber",
    allows: (a, r) => {
      if (r.claim?.authorId === a.id || !(admin(a) || keepsBooks(r))) return false;
      return r.claim?.awaitingDecision ? "DECISION_PENDING" : true;
    },
  },

  // Meetings, in any space
  "meeting.read": { open: true },
  /** Members plan meetings, propose agenda themes, say whether they come and propose corrections. */
  "meeting.create": { allows: (a, r) => admin(a) || active(r) },
  "meeting.propose": { allows: (a, r) => admin(a) || active(r) },
  "meeting.attend": { allows: (a, r) => admin(a) || active(r) },
  "meeting.correct": { allows: (a, r) => admin(a) || active(r) },
  /**
   * The space's facilitators and whoever planned it run a meeting: change or cancel it, order the
   * agenda, tick attendance, take, import and publish the minutes, make tasks of its action items.
   */
  "meeting.run": {
    allows: (a, r) => admin(a) || isFacilitator(r) || (active(r) && r.meeting?.createdBy === a.id),
  },
  // A space's task board (assemblies and chambers alike)
  /** A board is as public as the space: anyone may see what there is to do, and join to do it. */
  "task.read": { open: true },
  "task.create": { allows: (a, r) => admin(a) || worker(r) },
  "task.take": { allows: (a, r) => admin(a) || worker(r) },
  /**
   * Those who took a task let it go or say it is done; a facilitator may too, for a volunteer who went
   * quiet. Volunteers keep this right even if they left the space since: it is their word on the task.
   */
  "task.release": { allows: (a, r) => admin(a) || volunteers(a, r) || isFacilitator(r) },
  "task.finish": { allows: (a, r) => admin(a) || volunteers(a, r) || isFacilitator(r) },
  /** Dropping undoes someone's proposal: its creator, or a facilitator, with a reason. */
  "task.drop": { allows: (a, r) => admin(a) || isFacilitator(r) || r.task?.createdBy === a.id },
  /** Title, description, group, due date, expected expense: whoever made it or holds it, and facilitators. */
  "task.edit": {
    allows: (a, r) => admin(a) || isFacilitator(r) || volunteers(a, r) || r.task?.createdBy === a.id,
  },
  /** The board's groups (logistique, communication…) shape everyone's board: its facilitators keep them. */
  "task.manageGroups": { allows: (a, r) => admin(a) || isFacilitator(r) },
  /**
   * A task's expected expense becomes an expense claim of the volunteer who paid it: only one who took
   * the task, and who may submit claims in the chamber (an assembly has no money).
   */
  "task.claimExpense": {
    kind: "chamber",
    allows: (a, r) => volunteers(a, r) && (active(r) || admin(a)),
  },

  // Decisions, in any space
  /** The register and proposals are public; a request to join is read by the space and the candidate. */
  "proposal.read": { open: true },
  "proposal.readPersonal": {
    allows: (a, r) => admin(a) || active(r) || r.proposal?.proposerId === a.id,
  },
  "proposal.create": { allows: (a, r) => admin(a) || active(r) },
  /** Clarifying questions and reactions: any member. */
  "proposal.discuss": { allows: (a, r) => admin(a) || active(r) || r.proposal?.proposerId === a.id },
  /** Objections and positions: those asked (the members, or the facilitators of a small chamber). */
  "proposal.answer": { allows: (a, r) => admin(a) || asked(r) },
  /** The proposer amends or withdraws their proposal. */
  "proposal.amend": { allows: (a, r) => r.proposal?.proposerId === a.id },
  /**
   * The facilitators hold the round: an objection marked not valid (with a reason), the next phase
   * opened early, answers recorded in a meeting, a decision reviewed.
   */
  "proposal.facilitate": { allows: (a, r) => admin(a) || isFacilitator(r) },
  /** An objection's author withdraws it or accepts an amendment as integrating it. */
  "objection.resolve": { allows: (a, r) => r.objection?.authorId === a.id },
  "socialCode.read": { open: true },

  // Wiki pages, in any space
  /** A space's documentation is public, like MediaWiki's. */
  "page.read": { open: true },
  /** Its members write, move pages and upload files; every change is a revision anyone can read. */
  "page.edit": { allows: (a, r) => admin(a) || active(r) },
  "page.move": { allows: (a, r) => admin(a) || active(r) },
  "page.upload": { allows: (a, r) => admin(a) || active(r) },
  /** Taking in a whole MediaWiki, its authors and history: the instance's administrators. */
  "page.import": { allows: (a) => admin(a) },
  /** « Fork encouragé »: any member of a chamber starts a new one from it. */
  "space.fork": { kind: "chamber", allows: (a, r) => admin(a) || active(r) },
} satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];
/** Actions anyone may take, signed in or not (still only in their kind of space). */
export type OpenAction = { [A in Action]: (typeof RULES)[A] extends { open: true } ? A : never }[Action];
export type SignedInAction = Exclude<Action, OpenAction>;

/** The refusal for this actor, action and resource, or `null` when the action is allowed. */
export function refusal(actor: Actor | undefined, action: Action, resource: Resource = {}): Refusal | null {
  const rule: Rule = RULES[action];
  if (rule.kind && resource.space && resource.space.kind !== rule.kind) return "SPACE_NOT_FOUND";
  if (rule.open) return null;
  if (!actor) return "UNAUTHENTICATED";
  const allowed = rule.allows?.(actor, resource) ?? false;
  if (typeof allowed === "string") return allowed;
  return allowed ? null : "FORBIDDEN";
}

export function can(actor: Actor | undefined, action: Action, resource: Resource = {}): boolean {
  return refusal(actor, action, resource) === null;
}

/** Throws the refusal as a domain error (401, 403 or 404) unless the action is allowed. */
export function authorize(
  actor: Actor | undefined,
  action: SignedInAction,
  resource?: Resource,
): asserts actor is Actor;
export function authorize(actor: Actor | undefined, action: OpenAction, resource?: Resource): void;
export function authorize(actor: Actor | undefined, action: Action, resource: Resource = {}): void {
  const refused = refusal(actor, action, resource);
  if (refused) throw new DomainError(refused);
}

/** Nobody signed in: refused (401) before anything is looked up, so nothing is revealed to them. */
export function authenticate(actor: Actor | undefined): asserts actor is Actor {
  if (!actor) throw new DomainError("UNAUTHENTICATED");
}

/** An open space lets people in at once; a co-opted one holds them as pending requests. */
export function joinStatus(access: string): "active" | "pending" {
  return access === "open" ? "active" : "pending";
}
