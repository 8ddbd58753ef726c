import type { Catalogue } from "../../web/i18n.ts";

/**
 * The words the renderer writes into a page's HTML. A page is rendered once and kept, so they are in
 * the wiki's language (French), as MediaWiki writes its content language's words into its pages.
 */
export const RENDER_MESSAGES: Catalogue = {
  fr: {
    "render.toc": "Sommaire",
    "render.missing": "{title} (page inexistante)",
    "render.missingFile": "Fichier manquant : {name}",
  },
  en: {
    "render.toc": "Contents",
    "render.missing": "{title} (page does not exist)",
    "render.missingFile": "Missing file: {name}",
  },
};

/** A word of the rendered page, in the wiki's language. */
export function renderWord(key: string, params: Record<string, string> = {}): string {
  const text = RENDER_MESSAGES.fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
}
