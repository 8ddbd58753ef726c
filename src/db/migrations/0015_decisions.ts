import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import type { DialectName } from "../connection.ts";
import { types } from "./dialect.ts";

/**
 * Decisions: proposals with their versions, questions and reactions, objections and positions; each
 * space's decision rules (JSON, null for its kind's defaults) and versioned social code; and where a
 * forked chamber came from.
 */
export async function decisions(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { timestamp } = types(dialect);
  await db.schema.alterTable("spaces").addColumn("decision_rules", "text").execute();
  await db.schema
    .alterTable("spaces")
    .addColumn("forked_from", "text", (c) => c.references("spaces.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("spaces").addColumn("forked_at_version", "integer").execute();
  await db.schema
    .createTable("proposals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    // general, expense, cooptation, socialCode, settings
    .addColumn("class", "text", (c) => c.notNull())
    // consent, consensus, advice, notice
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("proposer_id", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("proposer_name", "text", (c) => c.notNull())
    .addColumn("participants", "text", (c) => c.notNull())
    .addColumn("reactions_at", timestamp, (c) => c.notNull())
    .addColumn("objections_at", timestamp, (c) => c.notNull())
    .addColumn("deadline", timestamp, (c) => c.notNull())
    .addColumn("extensions", "integer", (c) => c.notNull().defaultTo(0))
    // The last phase people were told of, so that each change is told once.
    .addColumn("phase_told", "text", (c) => c.notNull().defaultTo("questions"))
    // adopted, notAdopted, withdrawn; null while the round runs
    .addColumn("outcome", "text")
    .addColumn("outcome_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("decided_at", timestamp)
    .addColumn("review_date", "text")
    .addColumn("reviewed_at", timestamp)
    .addColumn("retired_at", timestamp)
    .addColumn("replaces_id", "text")
    .addColumn("replaced_by", "text")
    .addColumn("meeting_id", "text", (c) => c.references("meetings.id").onDelete("set null"))
    // What it decides about: an expense claim, a request to join.
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    // A settings proposal's new rules and properties (JSON).
    .addColumn("payload", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("proposals_space_number", ["space_id", "number"])
    .execute();
  await db.schema
    .createIndex("proposals_space_decided")
    .on("proposals")
    .columns(["space_id", "outcome", "decided_at"])
    .execute();
  await db.schema.createIndex("proposals_due").on("proposals").columns(["outcome", "deadline"]).execute();
  await db.schema
    .createIndex("proposals_subject")
    .on("proposals")
    .columns(["subject_type", "subject_id"])
    .execute();
  await proposalParts(db, timestamp);
  await db.schema
    .createTable("social_code_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("spaces.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    // The adopted proposal that published it; null for a chamber's starting template or a fork's copy.
    .addColumn("proposal_id", "text", (c) => c.references("proposals.id"))
    .addColumn("adopted_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("social_code_versions_number", ["space_id", "number"])
    .execute();
}

type TimestampType = ReturnType<typeof types>["timestamp"];

async function proposalParts(db: Kysely<unknown>, timestamp: TimestampType): Promise<void> {
  const ofProposal = (c: ColumnDefinitionBuilder) =>
    c.notNull().references("proposals.id").onDelete("cascade");
  await db.schema
    .createTable("proposal_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("proposal_id", "text", ofProposal)
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("proposal_versions_number", ["proposal_id", "number"])
    .execute();
  await db.schema
    .createTable("proposal_comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("proposal_id", "text", ofProposal)
    // question, answer, reaction
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("proposal_comments_proposal")
    .on("proposal_comments")
    .column("proposal_id")
    .execute();
  await db.schema
    .createTable("proposal_objections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("proposal_id", "text", ofProposal)
    .addColumn("author_id", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("harm", "text", (c) => c.notNull().defaultTo(""))
    // open, withdrawn, integrated, invalid
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("invalid_reason", "text", (c) => c.notNull().defaultTo(""))
    // The version offered as integrating it, waiting for its author's word.
    .addColumn("integrating_version", "integer")
    .addColumn("recorded_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("resolved_at", timestamp)
    .execute();
  await db.schema
    .createIndex("proposal_objections_proposal")
    .on("proposal_objections")
    .column("proposal_id")
    .execute();
  await db.schema
    .createTable("proposal_positions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("proposal_id", "text", ofProposal)
    .addColumn("person_id", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("name", "text", (c) => c.notNull())
    // agree, abstain, disagree, block
    .addColumn("position", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("recorded_by", "text", (c) => c.references("persons.id").onDelete("set null"))
    .addColumn("created_at", timestamp, (c) => c.notNull())
    .addColumn("updated_at", timestamp, (c) => c.notNull())
    .addUniqueConstraint("proposal_positions_person", ["proposal_id", "person_id"])
    .execute();
}
