/**
 * What the social code's and the rules' forms send, checked: a new version of the code, or new rules,
 * properties and do-ocracy cap for a `settings` proposal.
 */
import { checkRules, type DecisionRules } from "../../core/decisions.ts";
import { DomainError, validationError } from "../../core/errors.ts";
import { parseAmount } from "../../core/ledger.ts";
import type { SpaceKind, SpaceProperties } from "../../core/spaces.ts";
import { oneLine } from "../../core/text.ts";

/** The six properties of the seed's table, each with the values it may take (`territorial`: 1 or 0). */
export const PROPERTY_CHOICES = {
  territorial: ["1", "0"],
  decisionMode: ["stigmergy", "consent", "consensus"],
  functions: ["discovery_exploration", "securing_dialogue"],
  access: ["open", "cooptation"],
  forkPolicy: ["avoid", "encouraged"],
  formalisation: ["low", "statutes"],
} as const satisfies Record<keyof SpaceProperties, readonly string[]>;

/** The deadlines the pages offer, in days; "" is the rules' own durations. */
export const DEADLINE_CHOICES = ["", "3", "7", "14", "30"] as const;

/** The largest cap a form may set: 10 000 €, in cents. */
const CAP_MAX = 1_000_000;

export interface ProposedGovernance {
  rules: DecisionRules;
  properties: SpaceProperties;
  doocracyCap: number;
}

/** A deadline among those the pages offer (the rules' own, or days from now), as `checkProposal` reads it. */
export function checkDeadlineChoice(errors: Record<string, string>, raw: unknown): string {
  const value = oneLine(raw);
  if (!(DEADLINE_CHOICES as readonly string[]).includes(value)) errors.deadline = "decisions.choice";
  return value;
}

/** The form's rules, properties and cap; `currentCap` stays for an assembly, which has no money. */
export function checkGovernance(
  kind: SpaceKind,
  input: Record<string, unknown>,
  currentCap: number,
): ProposedGovernance {
  const errors: Record<string, string> = {};
  let rules: DecisionRules | undefined;
  try {
    rules = checkRules(input);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    Object.assign(errors, error.fields);
  }
  const chosen = Object.fromEntries(
    Object.entries(PROPERTY_CHOICES).map(([name, values]) => {
      const value = input[name];
      if (typeof value !== "string" || !(values as readonly string[]).includes(value))
        errors[name] = "decisions.choice";
      return [name, value];
    }),
  );
  let doocracyCap = currentCap;
  if (kind === "chamber") {
    const text = oneLine(input.doocracyCap).slice(0, 40);
    const cents = /^0+([.,]0{1,2})?\s*€?$/.test(text) ? 0 : parseAmount(text);
    if (cents === undefined || cents > CAP_MAX) errors.doocracyCap = "space.capInvalid";
    else doocracyCap = cents;
  }
  if (Object.keys(errors).length > 0 || !rules) throw validationError(errors);
  return {
    rules,
    properties: {
      territorial: chosen.territorial === "1",
      decisionMode: chosen.decisionMode as SpaceProperties["decisionMode"],
      functions: chosen.functions as SpaceProperties["functions"],
      access: chosen.access as SpaceProperties["access"],
      forkPolicy: chosen.forkPolicy as SpaceProperties["forkPolicy"],
      formalisation: chosen.formalisation as SpaceProperties["formalisation"],
    },
    doocracyCap,
  };
}

/** The properties as the form shows them. */
export function flatProperties(properties: SpaceProperties): Record<string, string> {
  return {
    territorial: properties.territorial ? "1" : "0",
    decisionMode: properties.decisionMode,
    functions: properties.functions,
    access: properties.access,
    forkPolicy: properties.forkPolicy,
    formalisation: properties.formalisation,
  };
}
