import { geocodeIndexCommand, geocodeRunCommand } from "../modules/commons/cli.ts";
import { type Invocation, required } from "./command.ts";
import { withServices } from "./services.ts";

export function geocodeIndex({ config, positionals }: Invocation): Promise<void> {
  return withServices(
    config,
    [],
    async ({ ctx }) => {
      process.stdout.write(await geocodeIndexCommand(ctx, required({ file: positionals[2] }, "file")));
    },
    { createsDatabase: true },
  );
}

export function geocodeRun({ config, values }: Invocation): Promise<void> {
  return withServices(config, ["commons", "geocoder"], async ({ commons, geocoder }) => {
    process.stdout.write(
      await geocodeRunCommand(commons, geocoder, {
        space: required(values, "space"),
        retryNotFound: values.retry === true,
      }),
    );
  });
}
