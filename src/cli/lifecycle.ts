import type { LifecycleState, StepView } from "../modules/lifecycle/service.ts";
import { translate } from "../web/i18n.ts";
import { shortDate } from "../web/money.ts";
import { type Invocation, UsageError } from "./command.ts";
import { withServices } from "./services.ts";

function printed(steps: StepView[], state: LifecycleState): string {
  const t = (key: string, params?: Record<string, string>) => translate("fr", key, params);
  const lines = [
    t("lifecycle.inForce", {
      today: shortDate(state.today, "fr"),
      stage: t(`lifecycle.stage.${state.stage}`),
    }),
  ];
  if (steps.length === 0) lines.push(t("lifecycle.none"));
  for (const step of steps) {
    lines.push(
      `  ${step.stage.padEnd(9)} à partir du ${step.startsOn} (${t(`lifecycle.stage.${step.stage}`)})`,
    );
    if (step.message) lines.push(`    message : ${step.message.replace(/\n/g, "\n              ")}`);
    if (step.nextUrl) lines.push(`    pour la suite : ${step.nextUrl}`);
    lines.push(`    programmée par ${step.setByName ?? t("lifecycle.operator")} le ${step.setAt}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `communs lifecycle show`: the schedule and the stage in force today. */
export function lifecycleShow({ config }: Invocation): Promise<void> {
  return withServices(config, ["lifecycle"], async ({ lifecycle }) => {
    const { steps, state } = await lifecycle.operatorShow();
    process.stdout.write(printed(steps, state));
  });
}

/**
 * `communs lifecycle set STAGE --from YYYY-MM-DD [--message …] [--next-url URL]`, recorded in the log
 * as done by the operator; `set active` takes the whole schedule away. It works whatever the stage:
 * once read-only nobody can sign in, administrators included, and this is how the stage changes then.
 */
export function lifecycleSet({ config, values, positionals }: Invocation): Promise<void> {
  const stage = positionals[2];
  if (!stage) throw new UsageError("Donnez l’étape : notice, read-only, archived ou active.");
  return withServices(config, ["lifecycle"], async ({ lifecycle }) => {
    await lifecycle.operatorSet({
      stage,
      startsOn: values.from ?? "",
      message: values.message ?? "",
      nextUrl: values["next-url"] ?? "",
    });
    const { steps, state } = await lifecycle.operatorShow();
    process.stdout.write(`Calendrier enregistré.\n${printed(steps, state)}`);
  });
}
