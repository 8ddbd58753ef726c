import type { Language } from "../core/accounts.ts";
import type { Person } from "../modules/accounts/service.ts";
import { type Params, translate } from "./i18n.ts";

/** What every view receives besides its own data: plain values, no request object. */
export interface PageContext {
  lang: Language;
  t: (key: string, params?: Params) => string;
  person: Person | undefined;
  csrfToken: string;
  flash: string | undefined;
  instanceName: string;
  path: string;
}

export function pageContext(options: Omit<PageContext, "t">): PageContext {
  return { ...options, t: (key, params) => translate(options.lang, key, params) };
}
