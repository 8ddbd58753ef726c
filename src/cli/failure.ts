/** Loaded only when a command fails with more than a usage or settings error: the message an operator reads. */
import { DomainError } from "../core/errors.ts";
import { GeocodingError } from "../core/geocoding.ts";
import "../messages.ts";
import { CommandError } from "../modules/commons/cli.ts";
import { translate } from "../web/i18n.ts";

export function describeFailure(error: unknown): string {
  if (error instanceof DomainError) {
    const fields = Object.entries(error.fields).map(
      ([name, key]) => `  ${name} : ${translate("fr", `msg.${key}`)}`,
    );
    return [translate("fr", `error.${error.code}`), ...fields].join("\n");
  }
  if (error instanceof GeocodingError) return translate("fr", error.key, error.params);
  if (error instanceof CommandError) return error.message;
  const { code, path } = error as NodeJS.ErrnoException;
  if (code === "EEXIST")
    return `Le fichier ${path} existe déjà : une sauvegarde n’en écrase jamais une autre.`;
  if (code === "ENOENT") return `Fichier introuvable : ${path}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** An operator's mistake (2) or a failure (1). */
export function exitCodeOf(error: unknown): number {
  return error instanceof CommandError ? 2 : 1;
}
