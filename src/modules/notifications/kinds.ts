/**
 * The kinds of event people are told about, each with how a person hears of it until they choose
 * otherwise: a mail at once for what needs them or answers them, the daily digest or the site alone for
 * the rest. Their words are in messages.ts (`notification.<kind>.subject` and `.text`).
 */
export const CHANNELS = ["mail", "digest", "site", "never"] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEFAULT_CHANNELS = {
  "membership.requested": "mail",
  "membership.accepted": "mail",
  "membership.declined": "mail",
  "membership.notCoopted": "mail",
  "membership.roleChanged": "digest",
  "claim.submitted": "mail",
  "claim.approved": "mail",
  "claim.paid": "mail",
  "claim.rejected": "mail",
  "import.finished": "site",
  "meeting.announced": "site",
  "meeting.reminder": "mail",
  "minutes.published": "mail",
  "minutes.corrected": "digest",
  "tasks.weekly": "mail",
  "proposal.opened": "mail",
  "proposal.phase": "digest",
  "proposal.deadlineSoon": "mail",
  "proposal.decided": "mail",
  "proposal.reviewDue": "mail",
} as const satisfies Record<string, Channel>;

/** Events told to people with an account, who choose per space and kind. */
export type NotificationKind = keyof typeof DEFAULT_CHANNELS;
export const NOTIFICATION_KINDS = Object.keys(DEFAULT_CHANNELS) as NotificationKind[];

/** Events only a chamber has (its money). */
const CHAMBER_ONLY = new Set<NotificationKind>([
  "claim.submitted",
  "claim.approved",
  "claim.paid",
  "claim.rejected",
]);

/** The kinds a person may hear of in a space of this kind. */
export function kindsOf(spaceKind: string): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((kind) => spaceKind === "chamber" || !CHAMBER_ONLY.has(kind));
}

/** Mailed to an address that has no account: a donor thanked for a gift. */
export type AddressKind = "donation.thanked";

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && (CHANNELS as readonly string[]).includes(value);
}

export function isKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && value in DEFAULT_CHANNELS;
}
