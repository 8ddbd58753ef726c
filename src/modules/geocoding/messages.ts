/** Messages of the geocoders and of the local index built from a BAN file. */
export const GEOCODING_MESSAGES = {
  fr: {
    "geocoding.unreachable": "Le service de géocodage ({host}) est injoignable.",
    "geocoding.timeout": "Le service de géocodage ({host}) n’a pas répondu en {ms} ms.",
    "geocoding.status": "Le service de géocodage ({host}) a répondu par une erreur {status}.",
    "geocoding.bad_answer": "Le service de géocodage a donné une réponse inattendue.",
    "geocoding.index.empty_file": "Le fichier est vide.",
    "geocoding.index.not_ban":
      "Ce fichier n’est pas un CSV d’adresses de la BAN : colonnes manquantes : {missing}.",
    "geocoding.index.bad_line": "La ligne {line} du fichier est mal formée.",
    "geocoding.index.bad_file": "Le fichier compressé (gzip) est endommagé ou incomplet.",
  },
  en: {
    "geocoding.unreachable": "The geocoding service ({host}) cannot be reached.",
    "geocoding.timeout": "The geocoding service ({host}) did not answer within {ms} ms.",
    "geocoding.status": "The geocoding service ({host}) answered with error {status}.",
    "geocoding.bad_answer": "The geocoding service gave an unexpected answer.",
    "geocoding.index.empty_file": "The file is empty.",
    "geocoding.index.not_ban": "This file is not a BAN address CSV: missing columns: {missing}.",
    "geocoding.index.bad_line": "Line {line} of the file is malformed.",
    "geocoding.index.bad_file": "The gzip file is damaged or incomplete.",
  },
} as const;
