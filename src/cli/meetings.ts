import { readFile } from "node:fs/promises";
import { type Invocation, required, UsageError } from "./command.ts";
import { withServices } from "./services.ts";

/**
 * `communs meetings import-pad --space S --meeting ID (FICHIER|URL) [--dry-run]`: a meeting's pad read
 * from a text file or fetched from its Etherpad export, its draft printed; saved unless `--dry-run`.
 */
export function importPad({ config, values, positionals }: Invocation): Promise<void> {
  return withServices(config, ["meetings"], async ({ meetings }) => {
    const source = positionals[2];
    if (!source) throw new UsageError("Donnez le fichier texte du pad ou son adresse (https://…/p/nom).");
    const dryRun = values["dry-run"] === true;
    const from = /^https?:\/\//i.test(source) ? { url: source } : { bytes: await readFile(source) };
    const { pad, draft } = await meetings.operatorPad(
      required(values, "space"),
      required(values, "meeting"),
      from,
      dryRun,
    );
    process.stdout.write(
      [
        dryRun ? "Essai (rien n’a été écrit) :" : "Compte-rendu du pad enregistré :",
        `  empreinte SHA-256 : ${pad.sha256}`,
        `  thèmes : ${draft.agenda.length}`,
        `  présentations : ${draft.attendees.length}`,
        `  notes horodatées : ${draft.entries.length}`,
        `  ateliers : ${draft.workshops.length}`,
        `  actions : ${draft.actions.length}`,
        ...draft.entries.map((e) => `  ${e.time} : ${e.text}`),
        ...draft.actions.map((a) => `  action : ${a.text} (${a.volunteers.join(", ")})`),
        "",
      ].join("\n"),
    );
  });
}
