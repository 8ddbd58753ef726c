import { describeReport, exportCommand, fieldMappings, importCommand } from "../modules/commons/cli.ts";
import { filterOf, parseListQuery } from "../modules/commons/query.ts";
import { type Invocation, required } from "./command.ts";
import { withServices } from "./services.ts";

export function importCommons({ config, values, positionals }: Invocation): Promise<void> {
  return withServices(config, ["imports"], async ({ imports }) => {
    const report = await importCommand(imports, {
      space: required(values, "space"),
      format: required(values, "format"),
      file: required({ file: positionals[2] }, "file"),
      dryRun: values["dry-run"] === true,
      template: values.template,
      fields: fieldMappings(values.field ?? []),
    });
    process.stdout.write(describeReport(report));
    if (report.failure) process.exitCode = 1;
  });
}

export function exportCommons({ config, values }: Invocation): Promise<void> {
  return withServices(config, ["commons"], async ({ commons, ctx }) => {
    await exportCommand(commons, ctx, {
      space: required(values, "space"),
      format: required(values, "format"),
      out: values.out,
      filter: filterOf(parseListQuery(values)),
    });
  });
}
