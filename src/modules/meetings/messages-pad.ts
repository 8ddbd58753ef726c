import type { Catalogue } from "../../web/i18n.ts";

/** Why a pad (or a text file) could not be read for a meeting's minutes, in French first. */
export const PAD_FETCH_MESSAGES: Catalogue = {
  fr: {
    "error.PAD_URL_INVALID":
      "Cette adresse n’est pas celle d’un pad : donnez une adresse web complète, commençant par https://.",
    "error.PAD_ADDRESS_REFUSED": "Cette adresse mène à un réseau privé : Communs ne va pas la chercher.",
    "error.PAD_TIMEOUT": "Le pad n’a pas répondu à temps. Réessayez dans un moment.",
    "error.PAD_TOO_LARGE": "Le texte du pad est trop long : 2 Mo au plus.",
    "error.PAD_FETCH_FAILED":
      "Le pad n’a pas pu être lu : vérifiez l’adresse, et que le pad est public, puis réessayez.",
    "error.PAD_NOT_TEXT": "Ce document n’est pas du texte : donnez l’adresse du pad ou un fichier .txt.",
  },
  en: {
    "error.PAD_URL_INVALID": "This is not a pad’s address: give a full web address, starting with https://.",
    "error.PAD_ADDRESS_REFUSED": "This address leads to a private network: Communs will not fetch it.",
    "error.PAD_TIMEOUT": "The pad did not answer in time. Try again in a moment.",
    "error.PAD_TOO_LARGE": "The pad’s text is too long: 2 MB at most.",
    "error.PAD_FETCH_FAILED":
      "The pad could not be read: check the address and that the pad is public, then try again.",
    "error.PAD_NOT_TEXT": "This document is not text: give the pad’s address or a .txt file.",
  },
};
