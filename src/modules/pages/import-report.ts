/** The import's final report as an operator reads it (the command line prints it). */
import type { Language } from "../../core/accounts.ts";
import { translate } from "../../web/i18n.ts";
import type { WikiImportReport } from "./import.ts";

export function describeWikiReport(report: WikiImportReport, language: Language = "fr"): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(language, key, params);
  const lines = [
    `${t("wikiImport.done")} (${t("wikiImport.schema")} ${report.schema || "?"}) :`,
    `  ${t("wikiImport.pages")} : ${report.pages}`,
    `  ${t("wikiImport.revisions")} : ${report.revisions.read}`,
    `  ${t("wikiImport.revisionsCreated")} : ${report.revisions.created}`,
    `  ${t("wikiImport.revisionsExisting")} : ${report.revisions.existing}`,
    `  ${t("wikiImport.redirects")} : ${report.redirects}`,
    `  ${t("wikiImport.files")} : ${report.files.created} / ${report.files.read}`,
    `  ${t("wikiImport.logEvents")} : ${report.logEvents.created} / ${report.logEvents.read}`,
    `  ${t("wikiImport.problems")} : ${report.problems.length + report.moreProblems}`,
  ];
  for (const problem of report.problems) lines.push(`  - ${t(problem.message.key, problem.message.params)}`);
  if (report.moreProblems > 0)
    lines.push(`  ${t("wikiImport.moreProblems", { count: report.moreProblems })}`);
  if (report.stopped) {
    const { line, page, message } = report.stopped;
    lines.push(
      t("wikiImport.stopped", {
        line,
        page: page ? t("wikiImport.stoppedIn", { page }) : "",
        reason: t(message.key, message.params),
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}
