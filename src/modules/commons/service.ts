/**
 * The directory of commons of an assembly, as one service: reading it, writing records, what ties a
 * record to others (relations, commoners, chambers) and its images. Each part lives in its own file;
 * other modules reach the directory only through this one.
 */
import type { Context } from "../../context.ts";
import type { JobQueue } from "../jobs/service.ts";
import type { GeocodeOnSave } from "./geocode.ts";
import { createImages } from "./service-images.ts";
import { createMerging } from "./service-merge.ts";
import { createPlacing } from "./service-placing.ts";
import { createReading } from "./service-read.ts";
import { createRecords } from "./service-records.ts";
import { createRelations } from "./service-relations.ts";
import { createWriting } from "./service-write.ts";

/** The MediaWiki export's reader, which the wiki's import (pages module) reads every revision with. */
export {
  bytes as mediawikiBytes,
  type Contributor,
  type DumpItem,
  DumpReader,
  type HistoryRevision,
  type LogItem,
  type PageHead,
  type Upload,
} from "./formats/mediawiki-dump.ts";
export { ImportFileError } from "./formats/types.ts";
export type { CommonsRecord, CommonsSummary, Duplicate } from "./service-records.ts";
export { PossibleDuplicates } from "./service-write.ts";
/** The tags module renames, merges and deletes tags inside its own transactions: search text follows. */
export { refreshSearch } from "./store.ts";
export { directoryTabs } from "./tabs.ts";

export function createCommons(ctx: Context, geocodeOnSave: GeocodeOnSave, jobs: JobQueue) {
  const base = createRecords(ctx);
  const writing = createWriting(ctx, base, geocodeOnSave);
  return {
    directory: base.directory,
    records: base.records,
    allowed: base.allowed,
    permissions: base.permissions,
    authorise: base.authorise,
    /** For the tags module: its pages that read nothing but the directory share its cache. */
    cached: base.cache.remember,
    ...createReading(ctx, base),
    ...writing,
    ...createPlacing(base, writing.geocodeMissing, geocodeOnSave, jobs),
    ...createRelations(ctx, base),
    ...createMerging(ctx, base),
    ...createImages(ctx, base),
  };
}

export type Commons = ReturnType<typeof createCommons>;
