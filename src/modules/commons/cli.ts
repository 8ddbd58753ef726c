import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Context } from "../../context.ts";
import type { Geocoder } from "../../core/geocoding.ts";
import { translate } from "../../web/i18n.ts";
import { buildLocalIndex, countLocalIndex, recordIndexBuilt } from "../geocoding/service.ts";
import { EXPORTERS, IMPORTERS, type ImportFormat } from "./formats/index.ts";
import type { ImportReport, Imports } from "./import.ts";
import type { Commons } from "./service.ts";

export class CommandError extends Error {}

/** A progress bar on a terminal; a line every tenth of the way otherwise (logs, CI). */
export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr) {
  let lastTenth = -1;
  return {
    update(done: number, detail = "") {
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      if (out.isTTY) {
        const width = 30;
        const filled = Math.round(ratio * width);
        out.write(
          `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.round(ratio * 100)} % ${detail}`,
        );
      } else if (Math.floor(ratio * 10) > lastTenth) {
        lastTenth = Math.floor(ratio * 10);
        out.write(`${label} : ${Math.round(ratio * 100)} % ${detail}\n`);
      }
    },
    done() {
      if (out.isTTY) out.write("\n");
    },
  };
}

/** The file as a stream, counting the bytes read so that progress can be shown against its size. */
export async function countedFile(file: string, onBytes: (bytes: number) => void) {
  const size = (await stat(file)).size;
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      onBytes(read);
      callback(null, chunk);
    },
  });
  const source = createReadStream(file);
  source.on("error", (error) => counter.destroy(error));
  return { size, stream: source.pipe(counter) };
}

/** `--field PARAM=FIELD` options as a map. */
export function fieldMappings(values: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const value of values) {
    const at = value.lastIndexOf("=");
    if (at <= 0) throw new CommandError(`--field attend PARAMÈTRE=CHAMP (reçu « ${value} »).`);
    fields[value.slice(0, at).trim()] = value.slice(at + 1).trim();
  }
  return fields;
}

export function describeReport(report: ImportReport): string {
  const t = (key: string, params?: Record<string, string | number>) => translate("fr", key, params);
  const lines = [
    report.dryRun ? "Essai (rien n’a été écrit) :" : "Import terminé :",
    `  lus : ${report.read}`,
    `  créés : ${report.created}`,
    `  mis à jour : ${report.updated}`,
    `  inchangés : ${report.unchanged}`,
    `  ignorés : ${report.skipped}`,
    `  invalides : ${report.invalid}`,
  ];
  if (report.placesWithoutCoordinates > 0)
    lines.push(
      `  lieux sans coordonnées : ${report.placesWithoutCoordinates} (communs geocode run --space …)`,
    );
  for (const p of report.problems) lines.push(`  - ${p.at} : ${t(p.reason.key, p.reason.params)}`);
  for (const d of report.duplicates)
    lines.push(`  ! ${d.at} : « ${d.name} » ressemble à ${d.of.map((o) => `« ${o.name} »`).join(", ")}`);
  if (report.failure)
    lines.push(`Échec, rien n’a été écrit : ${t(report.failure.key, report.failure.params)}`);
  return `${lines.join("\n")}\n`;
}

export async function importCommand(
  imports: Imports,
  options: {
    space: string;
    format: string;
    file: string;
    dryRun: boolean;
    template?: string;
    fields: Record<string, string>;
  },
): Promise<ImportReport> {
  if (!IMPORTERS[options.format as ImportFormat])
    throw new CommandError(`--format vaut ${Object.keys(IMPORTERS).join(", ")}.`);
  if (options.format === "mediawiki" && !options.template)
    throw new CommandError("--template NOM est obligatoire pour un export MediaWiki (le modèle d’infobox).");
  const size = (await stat(options.file)).size;
  const bar = progressBar("Import", 1);
  const report = await imports.runFile(
    null,
    options.space,
    {
      path: options.file,
      format: options.format as ImportFormat,
      filename: options.file,
      template: options.template ?? "",
      fields: options.fields,
    },
    { dryRun: options.dryRun, onBytes: (bytes) => bar.update(bytes / Math.max(size, 1)) },
  );
  bar.done();
  return report;
}

export async function exportCommand(
  commons: Commons,
  ctx: Context,
  options: { space: string; format: string; out?: string; filter: Parameters<Commons["matching"]>[1] },
): Promise<void> {
  const format = EXPORTERS[options.format as keyof typeof EXPORTERS];
  if (!format) throw new CommandError(`--format vaut ${Object.keys(EXPORTERS).join(", ")}.`);
  const space = await commons.directory(options.space);
  const chunks = format.exporter(commons.matching(space.slug, options.filter), {
    baseUrl: ctx.config.publicUrl,
    instanceName: ctx.config.instanceName,
    space: { slug: space.slug, name: space.name },
  });
  const target = options.out ? createWriteStream(options.out, { flags: "wx" }) : process.stdout;
  await pipeline(Readable.from(chunks), target);
}

export async function geocodeIndexCommand(ctx: Context, file: string): Promise<string> {
  const bar = progressBar("Index", 1);
  let size = 1;
  const { size: fileSize, stream } = await countedFile(file, (bytes) => bar.update(bytes / size));
  size = fileSize;
  const { rows, skipped } = await buildLocalIndex(ctx.db.kysely, stream);
  await recordIndexBuilt(ctx.db);
  bar.done();
  const total = await countLocalIndex(ctx.db.kysely);
  return `Adresses indexées : ${rows} (ignorées : ${skipped}). L’index local en compte ${total}.\n`;
}

export async function geocodeRunCommand(
  commons: Commons,
  geocoder: Geocoder | null,
  options: { space: string; retryNotFound: boolean },
): Promise<string> {
  if (!geocoder) throw new CommandError("Le géocodage est désactivé (COMMUNS_GEOCODER=none).");
  let bar: ReturnType<typeof progressBar> | undefined;
  const result = await commons.geocodeMissing(options.space, {
    retryNotFound: options.retryNotFound,
    onProgress: (done, total) => {
      bar ??= progressBar("Géocodage", total);
      bar.update(done, `${done}/${total}`);
    },
  });
  bar?.done();
  return `Lieux géocodés : ${result.found} sur ${result.total} (introuvables ou en échec : ${result.failed}).\n`;
}
