/**
 * The database's tables, typed for Kysely: each area's tables are in schema/; this file puts them
 * together and gives the order backups write them in.
 */
import type {
  ApiTokenTable,
  EmailLinkTable,
  InstanceSettingTable,
  LoginThrottleTable,
  OutboxTable,
  PersonTable,
  RateLimitHitTable,
  SessionTable,
} from "./schema/accounts.ts";
import type { ExpenseClaimTable, ExpenseReceiptTable } from "./schema/claims.ts";
import type {
  ChamberCommonsTable,
  CommonsCommonerTable,
  CommonsImageTable,
  CommonsKindTable,
  CommonsLinkTable,
  CommonsOriginTable,
  CommonsPlaceTable,
  CommonsRelationTable,
  CommonsTable,
} from "./schema/commons.ts";
import type {
  ProposalCommentTable,
  ProposalObjectionTable,
  ProposalPositionTable,
  ProposalTable,
  ProposalVersionTable,
  SocialCodeVersionTable,
} from "./schema/decisions.ts";
import type { DonationCorrectionTable, DonationTable, LedgerNotificationTable } from "./schema/donations.ts";
import type { GeoAddressTable } from "./schema/geocoding.ts";
import type { JobTable } from "./schema/jobs.ts";
import type {
  LedgerAccountTable,
  LedgerBalanceTable,
  LedgerChainTable,
  LedgerClosedYearTable,
  LedgerEntryTable,
  LedgerMonthlyTable,
  LedgerSettingTable,
  LedgerTransferTable,
} from "./schema/ledger.ts";
import type {
  MeetingAgendaItemTable,
  MeetingAttendeeTable,
  MeetingCorrectionTable,
  MeetingMinutesItemTable,
  MeetingTable,
} from "./schema/meetings.ts";
import type {
  NotificationOptoutTable,
  NotificationSettingTable,
  NotificationTable,
  NotificationUnsubscribeTable,
} from "./schema/notifications.ts";
import type { AuditEventTable, MembershipTable, SpaceTable } from "./schema/spaces.ts";
import type { CommonsTagTable, TagFamilyTable, TagSynonymTable, TagTable } from "./schema/tags.ts";
import type { TaskGroupTable, TaskTable, TaskVolunteerTable } from "./schema/tasks.ts";
import type {
  LifecycleStageTable,
  WikiCategoryTable,
  WikiFileTable,
  WikiLogEventTable,
  WikiPageTable,
  WikiRevisionTable,
  WikiTargetTable,
} from "./schema/wiki.ts";

export type { MembershipRole, MembershipStatus } from "../core/policy.ts";
export type { ReceiptMediaType } from "../core/receipts.ts";
export type { SpaceKind } from "../core/spaces.ts";
export type * from "./schema/accounts.ts";
export type * from "./schema/claims.ts";
export type * from "./schema/columns.ts";
export type * from "./schema/commons.ts";
export type * from "./schema/decisions.ts";
export type * from "./schema/donations.ts";
export type * from "./schema/geocoding.ts";
export type * from "./schema/jobs.ts";
export type * from "./schema/ledger.ts";
export type * from "./schema/meetings.ts";
export type * from "./schema/notifications.ts";
export type * from "./schema/spaces.ts";
export type * from "./schema/tags.ts";
export type * from "./schema/tasks.ts";
export type * from "./schema/wiki.ts";

export interface Database {
  instance_settings: InstanceSettingTable;
  persons: PersonTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  email_links: EmailLinkTable;
  rate_limit_hits: RateLimitHitTable;
  login_throttle: LoginThrottleTable;
  outbox: OutboxTable;
  spaces: SpaceTable;
  memberships: MembershipTable;
  audit_events: AuditEventTable;
  commons_kinds: CommonsKindTable;
  commons: CommonsTable;
  commons_places: CommonsPlaceTable;
  commons_links: CommonsLinkTable;
  commons_origins: CommonsOriginTable;
  tag_families: TagFamilyTable;
  tags: TagTable;
  tag_synonyms: TagSynonymTable;
  commons_tags: CommonsTagTable;
  commons_relations: CommonsRelationTable;
  commons_commoners: CommonsCommonerTable;
  commons_images: CommonsImageTable;
  chamber_commons: ChamberCommonsTable;
  geo_addresses: GeoAddressTable;
  ledger_accounts: LedgerAccountTable;
  ledger_entries: LedgerEntryTable;
  ledger_transfers: LedgerTransferTable;
  ledger_balances: LedgerBalanceTable;
  ledger_monthly: LedgerMonthlyTable;
  ledger_chains: LedgerChainTable;
  donations: DonationTable;
  donation_corrections: DonationCorrectionTable;
  ledger_notifications: LedgerNotificationTable;
  expense_claims: ExpenseClaimTable;
  ledger_closed_years: LedgerClosedYearTable;
  expense_receipts: ExpenseReceiptTable;
  ledger_settings: LedgerSettingTable;
  jobs: JobTable;
  notifications: NotificationTable;
  notification_settings: NotificationSettingTable;
  notification_unsubscribes: NotificationUnsubscribeTable;
  notification_optouts: NotificationOptoutTable;
  meetings: MeetingTable;
  meeting_agenda_items: MeetingAgendaItemTable;
  meeting_attendees: MeetingAttendeeTable;
  meeting_minutes_items: MeetingMinutesItemTable;
  meeting_corrections: MeetingCorrectionTable;
  task_groups: TaskGroupTable;
  tasks: TaskTable;
  task_volunteers: TaskVolunteerTable;
  proposals: ProposalTable;
  proposal_versions: ProposalVersionTable;
  proposal_comments: ProposalCommentTable;
  proposal_objections: ProposalObjectionTable;
  proposal_positions: ProposalPositionTable;
  social_code_versions: SocialCodeVersionTable;
  wiki_pages: WikiPageTable;
  wiki_revisions: WikiRevisionTable;
  wiki_links: WikiTargetTable;
  wiki_templates: WikiTargetTable;
  wiki_categories: WikiCategoryTable;
  wiki_files: WikiFileTable;
  wiki_log_events: WikiLogEventTable;
  lifecycle_stages: LifecycleStageTable;
}

/** Every table, parents before children: the order backups write and restores insert. */
export const TABLES: readonly (keyof Database)[] = [
  "instance_settings",
  "persons",
  "sessions",
  "api_tokens",
  "email_links",
  "rate_limit_hits",
  "login_throttle",
  "outbox",
  "spaces",
  "memberships",
  "audit_events",
  "commons_kinds",
  "commons",
  "commons_places",
  "commons_links",
  "commons_origins",
  "tag_families",
  "tags",
  "tag_synonyms",
  "commons_tags",
  "commons_relations",
  "commons_commoners",
  "commons_images",
  "chamber_commons",
  "geo_addresses",
  "ledger_accounts",
  "ledger_entries",
  "ledger_transfers",
  "ledger_balances",
  "ledger_monthly",
  "ledger_chains",
  "donations",
  "donation_corrections",
  "ledger_notifications",
  "expense_claims",
  "ledger_closed_years",
  "expense_receipts",
  "ledger_settings",
  "jobs",
  "notifications",
  "notification_settings",
  "notification_unsubscribes",
  "notification_optouts",
  "meetings",
  "meeting_agenda_items",
  "meeting_attendees",
  "meeting_minutes_items",
  "meeting_corrections",
  "task_groups",
  "tasks",
  "task_volunteers",
  "proposals",
  "proposal_versions",
  "proposal_comments",
  "proposal_objections",
  "proposal_positions",
  "social_code_versions",
  "wiki_pages",
  "wiki_revisions",
  "wiki_links",
  "wiki_templates",
  "wiki_categories",
  "wiki_files",
  "wiki_log_events",
  "lifecycle_stages",
];
