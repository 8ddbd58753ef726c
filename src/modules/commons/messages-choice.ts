/** Messages about a record's places as text and map, choosing another record by its name (to link it or merge it) and the merge's confirmation. */
export const COMMONS_CHOICE_MESSAGES = {
  fr: {
    "commons.chooseTitle": "Choisir le commun à lier à « {name} »",
    "commons.chooseFound.one": "{count} commun correspond à « {query} ».",
    "commons.chooseFound.other": "{count} communs correspondent à « {query} ».",
    "commons.chooseNone": "Aucun commun de cet annuaire ne correspond à « {query} ».",
    "commons.chooseOne": "Commun à lier",
    "commons.searchAgain": "Chercher un autre nom",
    "commons.searchName": "Nom ou adresse courte",
    "commons.searchButton": "Chercher",
    "commons.backToRecord": "Revenir à la fiche « {name} »",
    "commons.mergeTitle": "Fusionner un doublon dans « {name} »",
    "commons.mergePick": "Choisissez le doublon :",
    "commons.mergeIntro":
      "« {drop} » sera supprimé : ses lieux, liens, étiquettes, origines et images rejoignent « {keep} », qui garde son nom et sa description. Vérifiez avant de fusionner.",
    "commons.mergeKept": "Fiche gardée",
    "commons.mergeDropped": "Doublon, supprimé",
    "commons.mergeResult": "Après la fusion",
    "commons.mergeRepeated.one":
      "{count} lieu du doublon est déjà sur la fiche gardée : il n’est pas recopié.",
    "commons.mergeRepeated.other":
      "{count} lieux du doublon sont déjà sur la fiche gardée : ils ne sont pas recopiés.",
    "commons.mergeConfirm": "Fusionner les deux fiches",
    "commons.nothing": "rien",
    "commons.coordinatesText": "latitude {latitude}, longitude {longitude}",
    "commons.recordMap": "Carte des lieux de « {name} »",
  },
  en: {
    "commons.chooseTitle": "Choose the commons to link to “{name}”",
    "commons.chooseFound.one": "{count} commons matches “{query}”.",
    "commons.chooseFound.other": "{count} commons match “{query}”.",
    "commons.chooseNone": "No commons of this directory matches “{query}”.",
    "commons.chooseOne": "Commons to link",
    "commons.searchAgain": "Search another name",
    "commons.searchName": "Name or short address",
    "commons.searchButton": "Search",
    "commons.backToRecord": "Back to “{name}”",
    "commons.mergeTitle": "Merge a duplicate into “{name}”",
    "commons.mergePick": "Choose the duplicate:",
    "commons.mergeIntro":
      "“{drop}” will be deleted: its places, links, tags, origins and images join “{keep}”, which keeps its name and description. Check before merging.",
    "commons.mergeKept": "Record kept",
    "commons.mergeDropped": "Duplicate, deleted",
    "commons.mergeResult": "After the merge",
    "commons.mergeRepeated.one":
      "{count} place of the duplicate is already on the kept record: it is not copied.",
    "commons.mergeRepeated.other":
      "{count} places of the duplicate are already on the kept record: they are not copied.",
    "commons.mergeConfirm": "Merge the two records",
    "commons.nothing": "nothing",
    "commons.coordinatesText": "latitude {latitude}, longitude {longitude}",
    "commons.recordMap": "Map of the places of “{name}”",
  },
} as const;
