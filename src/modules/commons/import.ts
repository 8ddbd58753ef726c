import type { Context } from "../../context.ts";
import { type CommonsInput, checkCommons, fold, likelyDuplicate } from "../../core/commons.ts";
import { DomainError } from "../../core/errors.ts";
import type { Actor } from "../../core/permissions.ts";
import { recordEvent } from "../audit/store.ts";
import { ImportFileError, type ImportItem, type ImportMessage } from "./formats/types.ts";
import { placesWithProvenance } from "./geocode.ts";
import type { Commons, Duplicate } from "./service.ts";
import * as store from "./store.ts";

export interface ImportProblem {
  at: string;
  reason: ImportMessage;
}

export interface ImportReport {
  dryRun: boolean;
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  invalid: number;
  /** The first problems and warnings, for the report (counts above are complete). */
  problems: ImportProblem[];
  duplicates: { at: string; name: string; of: Duplicate[] }[];
  /** Places that came without coordinates: `communs geocode run` places them. */
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

const REPORT_LIMIT = 200;
const SAMPLES = 20;

class DryRunDone extends Error {}

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
export function createImports(ctx: Context, commons: Commons) {
  const db = ctx.db.kysely;

  return {
    async run(
      actor: Actor | null,
      spaceSlug: string,
      items: () => AsyncIterable<ImportItem>,
      options: { dryRun: boolean; onProgress?: (read: number) => void },
    ): Promise<ImportReport> {
      const space = await commons.directory(spaceSlug);
      // The command line runs as the operator of the instance; on the web, curators import.
      if (actor && !(await commons.allowed(actor, space, "curate"))) throw new DomainError("FORBIDDEN");
      const kinds = (await store.listKinds(db, space.id)).map((k) => k.slug);
      const known = await store.directoryIndex(db, space.id);
      const report: ImportReport = {
        dryRun: options.dryRun,
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
      const sample = (
        at: string,
        record: CommonsInput,
        action: ImportReport["samples"][number]["action"],
      ) => {
        if (report.samples.length < SAMPLES)
          report.samples.push({
            at,
            name: record.name,
            commune: record.places[0]?.commune ?? "",
            tags: record.tags,
            action,
          });
      };
      const problem = (at: string, reason: ImportMessage) => {
        if (report.problems.length < REPORT_LIMIT) report.problems.push({ at, reason });
      };
      const tagCache = new Map<string, string>();

      try {
        await db.transaction().execute(async (trx) => {
          for await (const item of items()) {
            report.read++;
            if (report.read % 200 === 0) options.onProgress?.(report.read);
            if ("skipped" in item) {
              report.skipped++;
              problem(item.at, item.skipped);
              continue;
            }
            if ("invalid" in item) {
              report.invalid++;
              problem(item.at, item.invalid);
              continue;
            }
            let record: CommonsInput;
            try {
              record = checkCommons(item.record, kinds);
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              report.invalid++;
              problem(item.at, invalidReason(error));
              continue;
            }
            const existingId = record.origin
              ? await store.findByOrigin(trx, space.id, record.origin.source, record.origin.id)
              : undefined;
            const existing = existingId ? await store.findCommonsById(trx, existingId) : undefined;
            let before: CommonsInput["places"] = [];
            if (existing) {
              const children = (await store.childrenOf(trx, [existing.id])).get(existing.id);
              before = children?.places ?? [];
              const stored: CommonsInput = {
                ...existing,
                tags: (children?.tags ?? []).map((t) => t.label),
                places: before,
                links: children?.links ?? [],
              };
              if (comparable(stored) === comparable(record)) {
                report.unchanged++;
                sample(item.at, record, "unchanged");
                continue;
              }
            }
            const places = await placesWithProvenance(null, record.places, before, "import");
            report.placesWithoutCoordinates += places.filter((p) => p.latitude === null).length;
            if (!existing) {
              const duplicates = known
                .filter((k) => likelyDuplicate(record, k))
                .slice(0, 5)
                .map(({ id, slug, name }) => ({ id, slug, name }));
              if (duplicates.length > 0 && report.duplicates.length < REPORT_LIMIT)
                report.duplicates.push({ at: item.at, name: record.name, of: duplicates });
            }
            const { slug: _ignored, ...withoutSlug } = record;
            const row = await commons.write(
              trx,
              space,
              existing ? withoutSlug : record,
              places,
              existing,
              actor?.id ?? null,
              tagCache,
            );
            if (existing) report.updated++;
            else report.created++;
            sample(item.at, record, existing ? "updated" : "created");
            await recordEvent(trx, {
              actorId: actor?.id ?? null,
              spaceId: space.id,
              action: existing ? "commons.updatedByImport" : "commons.imported",
              subjectType: "commons",
              subjectId: row.id,
              after: { origin: record.origin?.source ?? null, id: record.origin?.id ?? null },
            });
          }
          options.onProgress?.(report.read);
          if (options.dryRun) throw new DryRunDone();
        });
      } catch (error) {
        if (error instanceof DryRunDone) return report;
        if (error instanceof ImportFileError) return failed(report, error.detail);
        throw error;
      }
      return report;
    },
  };
}

/** A file that breaks halfway leaves nothing behind: the counts say what would have been done. */
function failed(report: ImportReport, reason: ImportMessage): ImportReport {
  return { ...report, created: 0, updated: 0, unchanged: 0, failure: reason };
}

export type Imports = ReturnType<typeof createImports>;
