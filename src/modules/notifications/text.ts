import type { Language } from "../../core/accounts.ts";
import { type Params, translate } from "../../web/i18n.ts";
import { euros, shortDate } from "../../web/money.ts";

/** Values kept as data (cents, a role, a day) written as the reader's language writes them. */
function written(language: Language, params: Params): Params {
  const out: Params = { ...params };
  if (params.amount !== undefined) out.amount = euros(params.amount);
  if (typeof params.role === "string") out.role = translate(language, `role.${params.role}`);
  if (typeof params.date === "string") out.date = shortDate(params.date, language);
  if (typeof params.outcome === "string")
    out.outcome = translate(language, `decisions.outcome.${params.outcome}`);
  if (typeof params.phase === "string") out.phase = translate(language, `decisions.phase.${params.phase}`);
  return out;
}

/** What happened, in one sentence. */
export function notificationText(language: Language, kind: string, params: Params): string {
  return translate(language, `notification.${kind}.text`, written(language, params));
}

export function notificationSubject(language: Language, kind: string, params: Params): string {
  return translate(language, `notification.${kind}.subject`, written(language, params));
}

export function parseParams(raw: string): Params {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === "object" ? (value as Params) : {};
  } catch {
    return {};
  }
}
