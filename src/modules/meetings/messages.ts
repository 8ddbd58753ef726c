import type { Catalogue } from "../../web/i18n.ts";

/** The meetings' words, in French first: for now, why a meeting pad's text cannot be imported. */
export const MEETINGS_MESSAGES = {
  fr: {
    "error.PAD_EMPTY": "Le texte du pad est vide : il n’y a rien à importer.",
    "error.PAD_TOO_LARGE": "Le texte du pad est trop long : 2 Mio au plus.",
  },
  en: {
    "error.PAD_EMPTY": "The pad’s text is empty: there is nothing to import.",
    "error.PAD_TOO_LARGE": "The pad’s text is too long: 2 MiB at most.",
  },
} satisfies Catalogue;
