/**
 * The batched loop every import runs (commons, donations, and those to come): it reads the items of a
 * file in one transaction, counts what it read, set aside and found broken, keeps the first problems
 * for the report, hands each record to the module and lets it write a batch at a time. A dry run does
 * the same work and rolls it back. Between batches it yields to the event loop, so that a long import
 * never holds the requests of others.
 */

export interface ImportMessage {
  key: string;
  params?: Record<string, string | number>;
}

export type ImportItem<Record> =
  | { at: string; record: Record }
  | { at: string; skipped: ImportMessage }
  | { at: string; invalid: ImportMessage };

/** The counts every import report starts with. */
export interface ImportTally {
  dryRun: boolean;
  read: number;
  skipped: number;
  invalid: number;
  /** The first problems, for the report (the counts are complete). */
  problems: { at: string; reason: ImportMessage }[];
}

export interface ImportSteps<Record, Trx> {
  /** Runs the work in one transaction, rolled back when it throws. */
  transaction(work: (trx: Trx) => Promise<void>): Promise<void>;
  /** Takes one record; a message when it is invalid. */
  record(trx: Trx, at: string, record: Record): Promise<ImportMessage | undefined>;
  /** Writes what the records taken since the last batch left pending. */
  batch(trx: Trx): Promise<void>;
  /** The reason a file could not be read to the end, when the error says so; any other is rethrown. */
  fileFailure(error: unknown): ImportMessage | undefined;
}

export const PROBLEMS_KEPT = 200;
/** Items read between two batches: a batch written holds the event loop for a few milliseconds only. */
export const BATCH = 50;

class DryRunDone extends Error {}

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs an import over the items; the failure, when the file broke halfway (nothing was written). */
export async function runImportLoop<Record, Trx>(
  items: AsyncIterable<ImportItem<Record>>,
  tally: ImportTally,
  steps: ImportSteps<Record, Trx>,
): Promise<ImportMessage | null> {
  const problem = (at: string, reason: ImportMessage) => {
    if (tally.problems.length < PROBLEMS_KEPT) tally.problems.push({ at, reason });
  };
  // The first item is asked for before the transaction opens: a source that reads its whole file
  // first (the parsing worker) holds no connection meanwhile.
  const iterator = items[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    await steps.transaction(async (trx) => {
      for (let next = first; !next.done; next = await iterator.next()) {
        const item = next.value;
        tally.read++;
        if ("skipped" in item) {
          tally.skipped++;
          problem(item.at, item.skipped);
        } else if ("invalid" in item) {
          tally.invalid++;
          problem(item.at, item.invalid);
        } else {
          const invalid = await steps.record(trx, item.at, item.record);
          if (invalid) {
            tally.invalid++;
            problem(item.at, invalid);
          }
        }
        if (tally.read % BATCH === 0) {
          await steps.batch(trx);
          await breathe();
        }
      }
      await steps.batch(trx);
      if (tally.dryRun) throw new DryRunDone();
    });
  } catch (error) {
    if (error instanceof DryRunDone) return null;
    const failure = steps.fileFailure(error);
    if (failure) return failure;
    throw error;
  } finally {
    // Stopped early (a write failed): the source cleans up (its worker, its spool).
    await iterator.return?.();
  }
  return null;
}
