import type { Language, Person } from "../core/accounts.ts";
import type { Notice } from "../core/lifecycle.ts";
import { type Params, translate } from "./i18n.ts";

/** What every view receives besides its own data: plain values, no request object. */
export interface PageContext {
  lang: Language;
  t: (key: string, params?: Params) => string;
  person: Person | undefined;
  /** Made on first use: a page without a form sets no CSRF cookie. */
  readonly csrfToken: string;
  flash: string | undefined;
  instanceName: string;
  /** The feeds a page announces in its head (a calendar, an Atom feed), set by its route. */
  alternates?: Alternate[];
  /** The signed-in person's unread notifications (undefined when not counted). */
  unreadNotifications?: number;
  /** The instance's lifecycle banner (closing, read-only, archived), when one is in force. */
  notice?: Notice | null;
  /** Seconds after which the page reloads itself (`<meta http-equiv="refresh">`): a task under way. */
  refreshSeconds?: number;
}

/** A feed of the page: `<link rel="alternate">`. */
export interface Alternate {
  type: "text/calendar" | "application/atom+xml";
  href: string;
  title: string;
}

export function pageContext(
  options: Omit<PageContext, "t" | "csrfToken"> & { csrfToken: () => string },
): PageContext {
  const { csrfToken: makeToken, ...values } = options;
  let token: string | undefined;
  return {
    ...values,
    t: (key, params) => translate(options.lang, key, params),
    get csrfToken() {
      token ??= makeToken();
      return token;
    },
  };
}
