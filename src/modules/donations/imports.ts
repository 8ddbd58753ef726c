import type { Context } from "../../context.ts";
import { DomainError } from "../../core/errors.ts";
import { type ImportTally, runImportLoop } from "../../core/import-loop.ts";
import type { Actor } from "../../core/policy.ts";
import { guardConstraints } from "../../db/errors.ts";
import { type FlowJobs, type ImportState, importFlow } from "../../web/import-flow.ts";
import { parsedInWorker } from "../../web/import-worker.ts";
import type { Upload } from "../../web/uploads.ts";
import { urls } from "../../web/urls.ts";
import type { Ledger } from "../ledger/service.ts";
import type { Notifications } from "../notifications/service.ts";
import {
  type BankMapping,
  DONATION_PARSERS,
  DonationFileError,
  type DonationFileSource,
  type DonationItem,
  type DonationMessage,
} from "./formats/index.ts";
import { DONATION_METHODS, type Donations } from "./service.ts";

export type { BankMapping, DonationFileSource } from "./formats/index.ts";

/** What a previewed file is, kept beside it until the import is confirmed. */
interface UploadMeta {
  space: string;
  personId: string;
  /** The uploader's standing when they uploaded: the import's job acts as them. */
  isAdmin: boolean;
  source: DonationFileSource;
  mapping: BankMapping;
  filename: string;
}

export interface DonationImportReport extends ImportTally {
  booked: number;
  /** Already booked from an earlier import: nothing done. */
  known: number;
  failure: DonationMessage | null;
  /** The first donations read, as booked: where, when, how much and from whom. */
  rows: { at: string; date: string; amount: number; donor: string | null }[];
}

/** Rows listed in a report (the counts are complete). */
const REPORT_ROWS = 100;

function methodOf(method: string): string {
  return (DONATION_METHODS as readonly string[]).includes(method) ? method : "other";
}

/**
 * Books the donations of a file (HelloAsso, Liberapay, bank) in one transaction: all or nothing. Each is
 * found again by (source, external id), so importing the same file twice books nothing more. Donors
 * are not shown on the transparency page unless they say so: an import cannot know, so it hides them.
 * A dry run does the same work and rolls it back: the preview.
 */
export function createDonationImports(
  ctx: Context,
  ledger: Ledger,
  donations: Donations,
  jobs: FlowJobs,
  notifications: Notifications,
) {
  const db = ctx.db.kysely;
  const flow = importFlow<UploadMeta, DonationImportReport>({
    dataDir: ctx.config.dataDir,
    folder: "donation-imports",
    ttlHours: ctx.config.importPreviewTtlHours,
    jobs,
    kind: "import.donations",
    waitMs: ctx.config.jobs.inServer ? ctx.config.importLimits.maxSeconds * 1000 : 0,
    dryRun: (meta, file, onBytes) => runKept(meta, file, true, onBytes),
    async run(meta, file, onBytes, id) {
      const report = await runKept(meta, file, false, onBytes);
      const link = urls.donationImportPreview(meta.space, id);
      await notifications.importFinished(meta.personId, meta.space, meta.filename, link);
      return report;
    },
    worthConfirming: (done) => !done.failure && done.booked > 0,
  });
  flow.sweep().catch((error: unknown) => ctx.log.warn({ err: error }, "donation imports sweep failed"));

  async function run(
    actor: Actor | null,
    spaceSlug: string,
    items: () => AsyncIterable<DonationItem>,
    options: { dryRun: boolean },
  ): Promise<DonationImportReport> {
    // The command line runs as the operator of the instance; on the web, those who book money import.
    const space = actor
      ? (await ledger.authorized(actor, "ledger.book", spaceSlug)).space
      : await ledger.chamber(spaceSlug);
    const report: DonationImportReport = {
      dryRun: options.dryRun,
      read: 0,
      booked: 0,
      known: 0,
      skipped: 0,
      invalid: 0,
      problems: [],
      failure: null,
      rows: [],
    };
    const failure = await runImportLoop(items(), report, {
      transaction: (work: (trx: typeof db) => Promise<void>) => db.transaction().execute(work),
      async record(trx, at, record) {
        try {
          const { replayed } = await donations.recordIn(
            trx,
            space,
            {
              amount: record.amount,
              date: record.date,
              donor: record.donor,
              display: "hidden",
              method: methodOf(record.method),
              source: record.source,
              externalId: record.externalId,
            },
            `${record.source}:${record.externalId}`,
            actor?.id ?? null,
          );
          if (replayed) report.known++;
          else report.booked++;
          if (report.rows.length < REPORT_ROWS)
            report.rows.push({
              at,
              date: record.date,
              amount: record.amount,
              donor: record.donor?.name || null,
            });
          return undefined;
        } catch (error) {
          if (!(error instanceof DomainError) || error.status >= 500) throw error;
          return { key: `error.${error.code}` };
        }
      },
      batch: async () => undefined,
      fileFailure: (error) => (error instanceof DonationFileError ? error.detail : undefined),
    });
    return failure ? { ...report, booked: 0, known: 0, rows: [], failure } : report;
  }

  /** Imports a file of a known source (a bank statement with its column mapping). */
  function runFile(
    actor: Actor | null,
    spaceSlug: string,
    file: { source: DonationFileSource; mapping: BankMapping; path: string },
    options: { dryRun: boolean; onBytes?: (bytes: number) => void },
  ) {
    const job = {
      parser: "donations",
      file: file.path,
      options: { source: file.source, mapping: file.mapping },
      limits: ctx.config.importLimits,
    };
    const items = () =>
      parsedInWorker<DonationItem>(job, (detail) => new DonationFileError(detail), options.onBytes);
    return run(actor, spaceSlug, items, options);
  }

  /** The web's imports, as their uploader: a constraint that trips is a conflict (409), never a 500. */
  function runKept(meta: UploadMeta, path: string, dryRun: boolean, onBytes: (bytes: number) => void) {
    const actor = { id: meta.personId, isAdmin: meta.isAdmin };
    return guardConstraints(() => runFile(actor, meta.space, { ...meta, path }, { dryRun, onBytes }));
  }

  async function booker(actor: Actor | undefined, spaceSlug: string) {
    const { space, actor: person } = await ledger.authorized(actor, "ledger.book", spaceSlug);
    return { person, owner: { space: space.slug, personId: person.id } };
  }

  return {
    /** The sources a file may come from. */
    sources: Object.keys(DONATION_PARSERS) as DonationFileSource[],
    run,
    runFile,
    /** Removes the files of imports left longer than the setting says. */
    sweep: flow.sweep,

    /**
     * The preview of an uploaded file: the import run dry (a job), kept until confirmed when it books
     * something; `bookable` once the preview is made.
     */
    async preview(
      actor: Actor,
      spaceSlug: string,
      upload: Upload,
      choice: { source: DonationFileSource; mapping: BankMapping },
    ) {
      const meta: UploadMeta = {
        ...choice,
        space: spaceSlug,
        personId: actor.id,
        isAdmin: actor.isAdmin,
        filename: upload.filename.slice(0, 200),
      };
      const { id, state } = await flow.preview(upload, meta);
      return { id, state, bookable: state.step === "preview" && state.kept };
    },

    /** Books a previewed file once (a job), within the request when this process runs jobs. */
    async confirm(actor: Actor | undefined, spaceSlug: string, id: string): Promise<void> {
      await flow.confirm(id, (await booker(actor, spaceSlug)).owner, true);
    },

    /** A previewed file not to be booked: it is removed. */
    async cancel(actor: Actor | undefined, spaceSlug: string, id: string): Promise<void> {
      await flow.cancel(id, (await booker(actor, spaceSlug)).owner);
    },

    /** Where an upload is, for the one who uploaded it: its preview, its booking, or its report. */
    async state(
      actor: Actor | undefined,
      spaceSlug: string,
      id: string,
    ): Promise<ImportState<DonationImportReport>> {
      const state = await flow.status(id, (await booker(actor, spaceSlug)).owner);
      if (state.step === "done" && !state.report) throw new DomainError("IMPORT_FAILED");
      return state;
    },
  };
}

export type DonationImports = ReturnType<typeof createDonationImports>;
