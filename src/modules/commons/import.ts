import type { Kysely } from "kysely";
import type { Context } from "../../context.ts";
import { type CommonsInput, checkCommons, fold, likelyDuplicate } from "../../core/commons.ts";
import { DomainError } from "../../core/errors.ts";
import { type ImportTally, PROBLEMS_KEPT, runImportLoop } from "../../core/import-loop.ts";
import type { Actor } from "../../core/policy.ts";
import type { Database } from "../../db/schema.ts";
import type { FlowJobs } from "../../web/import-flow.ts";
import { parsedInWorker } from "../../web/import-worker.ts";
import { type AuditRecord, recordEvent, recordEvents } from "../audit/service.ts";
import type { Notifications } from "../notifications/service.ts";
import type { ImportFormat, ImportOptions } from "./formats/index.ts";
import { ImportFileError, type ImportItem, type ImportMessage } from "./formats/types.ts";
import { placesWithProvenance } from "./geocode.ts";
import { createImportUploads } from "./import-uploads.ts";
import type { Commons, Duplicate } from "./service.ts";
import * as store from "./store.ts";
import { analyzeDirectory, directoryIndex, originKey, recordsByOrigin } from "./store-import.ts";
import { listKinds } from "./store-kinds.ts";
import { resolveTags } from "./store-tags.ts";

export interface ImportReport extends ImportTally {
  created: number;
  updated: number;
  unchanged: number;
  duplicates: { at: string; name: string; of: Duplicate[] }[];
  /** Places that came without coordinates: a `geocode.places` job is enqueued to place them. */
  placesWithoutCoordinates: number;
  /** The first records read, with what happens to each: the preview of an upload. */
  samples: {
    at: string;
    name: string;
    commune: string;
    tags: string[];
    action: "created" | "updated" | "unchanged";
  }[];
  /** Set when the file could not be read to the end: nothing was written. */
  failure: ImportMessage | null;
}

const SAMPLES = 20;
/** From this many records written, the planner's statistics are refreshed after the import. */
const ANALYZE_AFTER = 500;

type Db = Kysely<Database>;

/** Field errors of a record as one message: "nom : obligatoire ; places.0.postcode : …". */
function invalidReason(error: DomainError): ImportMessage {
  return { key: "import.invalidRecord", params: { fields: Object.keys(error.fields).join(", ") } };
}

/** What an import compares to tell an update from a re-import of the same data. */
function comparable(record: CommonsInput) {
  return JSON.stringify([
    record.name,
    record.summary,
    record.description,
    record.kind,
    record.status,
    record.contact,
    record.tags.map(fold).sort(),
    record.places.map((p) => [
      p.label,
      p.street,
      p.postcode,
      p.commune,
      p.inseeCode,
      p.country,
      p.latitude,
      p.longitude,
      p.coarse,
    ]),
    record.links.map((l) => [l.type, l.url, l.label]),
  ]);
}

/**
 * Imports items into an assembly's directory in one transaction: all of it or nothing. A record whose
 * origin (source, id) is already known updates that record, so importing the same file twice changes
 * nothing. A dry run does the same work and rolls it back, giving the exact report of what would happen.
 */
export function createImports(ctx: Context, commons: Commons, jobs: FlowJobs, notifications: Notifications) {
  const db = ctx.db.kysely;

  /**
   * Imports a file of a known format, parsed in a worker thread within the limits of the settings;
   * `onBytes` follows how far the file has been read.
   */
  function runFile(
    actor: Actor | null,
    spaceSlug: string,
    file: { path: string; format: ImportFormat } & ImportOptions,
    options: { dryRun: boolean; onBytes?: (bytes: number) => void },
  ): Promise<ImportReport> {
    const { path, ...parserOptions } = file;
    const job = { parser: "commons", file: path, options: parserOptions, limits: ctx.config.importLimits };
    const items = () =>
      parsedInWorker<ImportItem>(job, (detail) => new ImportFileError(detail), options.onBytes);
    return run(actor, spaceSlug, items, options);
  }

  return { run, runFile, uploads: createImportUploads(ctx, runFile, jobs, notifications) };

  async function run(
    actor: Actor | null,
    spaceSlug: string,
    items: () => AsyncIterable<ImportItem>,
    options: { dryRun: boolean },
  ): Promise<ImportReport> {
    const space = await commons.directory(spaceSlug);
    // The command line runs as the operator of the instance; on the web, curators import.
    if (actor) await commons.authorise(actor, space, "commons.curate");
    const kinds = (await listKinds(db, space.id)).map((k) => k.slug);
    const known = await directoryIndex(db, space.id);
    const report = emptyReport(options.dryRun);
    const sample = (at: string, record: CommonsInput, action: ImportReport["samples"][number]["action"]) => {
      if (report.samples.length < SAMPLES)
        report.samples.push({
          at,
          name: record.name,
          commune: record.places[0]?.commune ?? "",
          tags: record.tags,
          action,
        });
    };
    const tagCache = new Map<string, string>();
    const actorId = actor?.id ?? null;

    /** Records read but not yet written: their origins are looked up, and new ones inserted, together. */
    const pending: { at: string; record: CommonsInput }[] = [];
    const pendingOrigins = new Set<string>();

    async function writeExisting(trx: Db, at: string, record: CommonsInput, id: string) {
      const existing = await store.findCommonsById(trx, id);
      if (!existing) return false;
      const children = (await store.childrenOf(trx, [id])).get(id);
      const before = children?.places ?? [];
      const stored: CommonsInput = {
        ...existing,
        tags: (children?.tags ?? []).map((t) => t.label),
        places: before,
        links: children?.links ?? [],
      };
      if (comparable(stored) === comparable(record)) {
        report.unchanged++;
        sample(at, record, "unchanged");
        return true;
      }
      const places = await placesWithProvenance(null, record.places, before, "import");
      report.placesWithoutCoordinates += places.filter((p) => p.latitude === null).length;
      const { slug: _kept, ...withoutSlug } = record;
      await commons.write(trx, space, withoutSlug, places, existing, actorId, tagCache);
      await recordEvent(trx, importEvent(actorId, space.id, id, record, "commons.updatedByImport"));
      report.updated++;
      sample(at, record, "updated");
      return true;
    }

    async function flush(trx: Db) {
      if (pending.length === 0) return;
      const found = await recordsByOrigin(
        trx,
        space.id,
        pending.flatMap((p) => (p.record.origin ? [p.record.origin] : [])),
      );
      const fresh: store.NewRecord[] = [];
      const events: AuditRecord[] = [];
      const slugs = await takenSlugs(trx);
      for (const { at, record } of pending) {
        const origin = record.origin;
        const existingId = origin ? found.get(originKey(origin.source, origin.id)) : undefined;
        if (existingId && (await writeExisting(trx, at, record, existingId))) continue;
        const places = await placesWithProvenance(null, record.places, [], "import");
        report.placesWithoutCoordinates += places.filter((p) => p.latitude === null).length;
        const duplicates = known
          .filter((k) => likelyDuplicate(record, k))
          .slice(0, 5)
          .map(({ id, slug, name }) => ({ id, slug, name }));
        if (duplicates.length > 0 && report.duplicates.length < PROBLEMS_KEPT)
          report.duplicates.push({ at, name: record.name, of: duplicates });
        const row = commons.rowOf(space, record, store.claimSlug(slugs, record.slug || record.name), actorId);
        fresh.push({
          row,
          places,
          links: record.links,
          tagIds: await resolveTags(trx, space.id, record.tags, tagCache),
          origin: origin ?? null,
        });
        events.push(importEvent(actorId, space.id, row.id, record, "commons.imported"));
        report.created++;
        sample(at, record, "created");
      }
      await store.insertRecords(trx, fresh);
      await recordEvents(trx, events);
      pending.length = 0;
      pendingOrigins.clear();
    }

    let slugs: Set<string> | undefined;
    async function takenSlugs(trx: Db) {
      slugs ??= await store.slugsOf(trx, space.id);
      return slugs;
    }

    const failure = await runImportLoop(items(), report, {
      transaction: (work) => db.transaction().execute(work),
      async record(trx, at, item) {
        let record: CommonsInput;
        try {
          record = checkCommons(item, kinds);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return invalidReason(error);
        }
        // The same origin twice in a file: the second updates what the first wrote.
        const key = record.origin ? originKey(record.origin.source, record.origin.id) : undefined;
        if (key && pendingOrigins.has(key)) await flush(trx);
        if (key) pendingOrigins.add(key);
        pending.push({ at, record });
        return undefined;
      },
      batch: flush,
      fileFailure: (error) => (error instanceof ImportFileError ? error.detail : undefined),
    });
    if (failure) return failed(report, failure);
    if (report.dryRun) return report;
    if (report.created + report.updated >= ANALYZE_AFTER) await analyzeDirectory(db);
    if (report.placesWithoutCoordinates > 0) await commons.placeImported(space.slug);
    return report;
  }
}

function importEvent(
  actorId: string | null,
  spaceId: string,
  commonsId: string,
  record: CommonsInput,
  action: string,
): AuditRecord {
  return {
    actorId,
    spaceId,
    action,
    subjectType: "commons",
    subjectId: commonsId,
    after: { origin: record.origin?.source ?? null, id: record.origin?.id ?? null },
  };
}

function emptyReport(dryRun: boolean): ImportReport {
  return {
    dryRun,
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    invalid: 0,
    problems: [],
    duplicates: [],
    placesWithoutCoordinates: 0,
    samples: [],
    failure: null,
  };
}

/** A file that breaks halfway leaves nothing behind: the counts say what would have been done. */
function failed(report: ImportReport, reason: ImportMessage): ImportReport {
  return { ...report, created: 0, updated: 0, unchanged: 0, failure: reason };
}

export type Imports = ReturnType<typeof createImports>;
