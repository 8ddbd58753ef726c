/** Messages of the MediaWiki import: the problems it reports and its final report. */
export const WIKI_IMPORT_MESSAGES = {
  fr: {
    "import.bzip2Broken": "Le fichier compressé (bzip2) est tronqué ou abîmé.",
    "wikiImport.sha1Mismatch":
      "Révision {revision} : empreinte SHA-1 annoncée {stated}, calculée {computed} ; le texte est gardé tel quel.",
    "wikiImport.bytesMismatch":
      "Révision {revision} : taille annoncée {stated} octets, calculée {computed} octets ; le texte est gardé tel quel.",
    "wikiImport.revisionInvalid": "Révision illisible à la ligne {line} (numéro ou date manquant) : ignorée.",
    "wikiImport.pageInvalid": "Page illisible à la ligne {line} (titre ou numéro manquant) : ignorée.",
    "wikiImport.titleTaken":
      "La page « {title} » existe déjà dans cet espace sous un autre numéro que {page} : ses révisions sont ignorées.",
    "wikiImport.fileMissing":
      "Fichier « {name} » : ni son contenu dans l’export, ni ce fichier dans le dossier --files.",
    "wikiImport.fileSha1Mismatch": "Fichier « {name} » : empreinte annoncée {stated}, calculée {computed}.",
    "wikiImport.fileSizeMismatch":
      "Fichier « {name} » : taille annoncée {stated} octets, lue {computed} octets.",
    "wikiImport.logInvalid":
      "Entrée du journal illisible à la ligne {line} (numéro ou date manquant) : ignorée.",
    "wikiImport.done": "Import terminé",
    "wikiImport.stopped":
      "Lecture arrêtée à la ligne {line}{page} : {reason} Tout ce qui précède est importé, révision par révision entière ; corrigez le fichier et relancez l’import pour le finir.",
    "wikiImport.stoppedIn": " (dans la page « {page} »)",
    "wikiImport.schema": "schéma",
    "wikiImport.pages": "pages",
    "wikiImport.revisions": "révisions lues",
    "wikiImport.revisionsCreated": "révisions ajoutées",
    "wikiImport.revisionsExisting": "révisions déjà là",
    "wikiImport.redirects": "redirections",
    "wikiImport.files": "fichiers",
    "wikiImport.logEvents": "entrées du journal",
    "wikiImport.problems": "problèmes",
    "wikiImport.moreProblems": "… et {count} autres problèmes.",
    "wikiImport.progress": "{pages} pages, {revisions} révisions, {megabytes} Mo lus",
  },
  en: {
    "import.bzip2Broken": "The bzip2-compressed file is truncated or damaged.",
    "wikiImport.sha1Mismatch":
      "Revision {revision}: stated SHA-1 {stated}, computed {computed}; the text is kept as is.",
    "wikiImport.bytesMismatch":
      "Revision {revision}: stated size {stated} bytes, computed {computed} bytes; the text is kept as is.",
    "wikiImport.revisionInvalid": "Unreadable revision at line {line} (no id or date): skipped.",
    "wikiImport.pageInvalid": "Unreadable page at line {line} (no title or id): skipped.",
    "wikiImport.titleTaken":
      "The page “{title}” already exists in this space under another id than {page}: its revisions are skipped.",
    "wikiImport.fileMissing":
      "File “{name}”: neither its contents in the export nor such a file in the --files folder.",
    "wikiImport.fileSha1Mismatch": "File “{name}”: stated hash {stated}, computed {computed}.",
    "wikiImport.fileSizeMismatch": "File “{name}”: stated size {stated} bytes, read {computed} bytes.",
    "wikiImport.logInvalid": "Unreadable log item at line {line} (no id or date): skipped.",
    "wikiImport.done": "Import finished",
    "wikiImport.stopped":
      "Reading stopped at line {line}{page}: {reason} Everything before it is imported, in whole revisions; fix the file and run the import again to finish it.",
    "wikiImport.stoppedIn": " (in the page “{page}”)",
    "wikiImport.schema": "schema",
    "wikiImport.pages": "pages",
    "wikiImport.revisions": "revisions read",
    "wikiImport.revisionsCreated": "revisions added",
    "wikiImport.revisionsExisting": "revisions already there",
    "wikiImport.redirects": "redirects",
    "wikiImport.files": "files",
    "wikiImport.logEvents": "log items",
    "wikiImport.problems": "problems",
    "wikiImport.moreProblems": "… and {count} more problems.",
    "wikiImport.progress": "{pages} pages, {revisions} revisions, {megabytes} MB read",
  },
};
