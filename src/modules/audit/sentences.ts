/**
 * An event of the log as a sentence a facilitator reads: who did what, on what, with amounts in euros
 * and days as they are written; no JSON, no internal code. A kind of event without its own sentence
 * falls back to its short label, or to a generic sentence.
 */
import type { Language } from "../../core/accounts.ts";
import { type Params, translate } from "../../web/i18n.ts";
import { euros, shortDate } from "../../web/money.ts";
import type { AuditEntry } from "./store.ts";

type Details = Record<string, unknown>;

function details(json: string | null): Details {
  if (json === null) return {};
  const value: unknown = JSON.parse(json);
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Details) : {};
}

/** A message of the catalogue, or undefined when it has none under that key. */
function message(lang: Language, key: string, params: Params = {}): string | undefined {
  const text = translate(lang, key, params);
  return text === key ? undefined : text;
}

/** A recorded value as a reader writes it: cents in euros, a role by its name, a day in full. */
function shown(lang: Language, key: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (/^(amount|beforeAmount)$/.test(key) && typeof value === "number") return euros(value);
  if (/^(role|beforeRole)$/.test(key) && typeof value === "string")
    return message(lang, `role.${value}`) ?? value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return shortDate(value, lang);
  if (typeof value === "boolean") return translate(lang, value ? "audit.yes" : "audit.no");
  if (Array.isArray(value)) return value.map(String).join(", ");
  return typeof value === "object" ? "" : String(value);
}

/** The named fields a change touched (« nom, étiquettes »); fields without a name are left out. */
function changedFields(lang: Language, before: Details, after: Details): string {
  return Object.keys(after)
    .filter((key) => key in before && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .flatMap((key) => message(lang, `audit.field.${key}`) ?? [])
    .join(", ");
}

function subjectOf(lang: Language, entry: AuditEntry, before: Details, after: Details): string {
  if (entry.subjectName) return entry.subjectName;
  for (const value of [after.name, after.label, after.title, before.name, before.label, before.title])
    if (typeof value === "string" && value !== "") return value;
  return message(lang, `audit.subjectType.${entry.subjectType}`) ?? "—";
}

export function auditSentence(lang: Language, entry: AuditEntry): string {
  const before = details(entry.before);
  const after = details(entry.after);
  const params: Params = {};
  for (const [key, value] of Object.entries(before)) {
    const name = `before${key.charAt(0).toUpperCase()}${key.slice(1)}`;
    params[name] = shown(lang, name, value);
  }
  for (const [key, value] of Object.entries(after)) params[key] = shown(lang, key, value);
  const changes = changedFields(lang, before, after);
  Object.assign(params, {
    actor: entry.actorName ?? translate(lang, "audit.system"),
    subject: subjectOf(lang, entry, before, after),
    space: entry.spaceName ?? "",
    changes,
  });
  const kind = `audit.sentence.${entry.action}`;
  const variants = [
    typeof after.purpose === "string" ? `${kind}.${after.purpose}` : "",
    changes ? `${kind}.changes` : "",
    kind,
  ];
  for (const key of variants) {
    const sentence = key && message(lang, key, params);
    if (sentence) return sentence;
  }
  const label = message(lang, `audit.action.${entry.action}`);
  return translate(lang, label ? "audit.sentence.labelled" : "audit.sentence.unknown", {
    ...params,
    label: label ?? "",
  });
}
