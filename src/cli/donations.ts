import { translate } from "../web/i18n.ts";
import { type Invocation, required, UsageError } from "./command.ts";
import { withServices } from "./services.ts";

export function importDonations({ config, values, positionals }: Invocation): Promise<void> {
  return withServices(config, ["donationImports"], async ({ donationImports }) => {
    const source = required(values, "source");
    const sources: string[] = donationImports.sources;
    if (!sources.includes(source)) throw new UsageError(`--source vaut ${sources.join(", ")}.`);
    const file = required({ file: positionals[2] }, "file");
    const mapping = {
      date: values["date-column"] ?? "Date",
      amount: values["amount-column"] ?? "Montant",
      label: values["label-column"] ?? "Libellé",
      id: values["id-column"],
      donor: values["donor-column"],
      dateFormat: (values["date-format"] ?? "DD/MM/YYYY") as "DD/MM/YYYY" | "YYYY-MM-DD",
    };
    const report = await donationImports.runFile(
      null,
      required(values, "space"),
      { source: source as (typeof donationImports.sources)[number], mapping, path: file },
      { dryRun: values["dry-run"] === true },
    );
    const t = (key: string, params?: Record<string, string | number>) => translate("fr", key, params);
    process.stdout.write(
      [
        report.dryRun ? "Essai (rien n’a été écrit) :" : "Import des dons terminé :",
        `  lus : ${report.read}`,
        `  dons enregistrés : ${report.booked}`,
        `  déjà enregistrés : ${report.known}`,
        `  ignorés : ${report.skipped}`,
        `  invalides : ${report.invalid}`,
        ...report.problems.map((p) => `  - ${p.at} : ${t(p.reason.key, p.reason.params)}`),
        ...(report.failure
          ? [`Échec, rien n’a été écrit : ${t(report.failure.key, report.failure.params)}`]
          : []),
        "",
      ].join("\n"),
    );
    if (report.failure) process.exitCode = 1;
  });
}
