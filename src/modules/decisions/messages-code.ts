import type { Catalogue } from "../../web/i18n.ts";

/** The social code's, the rules' and the forks' words: their pages, and the rules as sentences. */
export const CODE_MESSAGES: Catalogue = {
  fr: {
    "code.days.one": "{count} jour",
    "code.days.other": "{count} jours",
    "code.classes.general": "les propositions générales",
    "code.classes.expense": "les dépenses au-dessus du plafond",
    "code.classes.cooptation": "les cooptations",
    "code.classes.socialCode": "les changements du code social",
    "code.classes.settings": "les changements de règles et de réglages",
    "code.rules.mode.consent":
      "Se décident par consentement (adoptées tant qu’aucune objection valable ne tient) : {classes}.",
    "code.rules.mode.consensus":
      "Se décident par consensus (d’accord, abstention, pas d’accord ou blocage) : {classes}.",
    "code.rules.mode.advice":
      "Se décident par sollicitation d’avis (la personne qui propose décide après avoir écouté) : {classes}.",
    "code.rules.mode.notice": "Relèvent de la do-ocratie (on informe, puis on fait) : {classes}.",
    "code.rules.phases":
      "Un tour dure {total} : {questions} de questions de clarification, {reactions} de réactions, puis {objections} pour les objections ou les positions.",
    "code.rules.objection.extend":
      "En consentement, le silence vaut consentement ; si une objection valable tient encore à l’échéance, le tour est prolongé une fois de {extension}, puis la proposition n’est pas adoptée.",
    "code.rules.objection.fail":
      "En consentement, le silence vaut consentement ; si une objection valable tient encore à l’échéance, la proposition n’est pas adoptée.",
    "code.rules.consensus":
      "En consensus, le silence vaut abstention ; une proposition est adoptée si aucun blocage ne tient et si au moins {threshold} % de celles et ceux qui se prononcent pour ou contre sont d’accord.",
    "code.rules.consensus.quorum":
      "En consensus, le silence vaut abstention ; une proposition est adoptée si aucun blocage ne tient, si au moins {quorum} % des personnes consultées se sont exprimées et si au moins {threshold} % de celles et ceux qui se prononcent pour ou contre sont d’accord.",
    "code.rules.review.one": "Chaque décision adoptée est revue au bout d’un mois.",
    "code.rules.review.other": "Chaque décision adoptée est revue au bout de {count} mois.",
    "code.rules.asked.members": "Sont consultés : les membres.",
    "code.rules.asked.membersSmall":
      "Sont consultés : les membres, ou ses facilitateurs et facilitatrices tant que la chambre compte moins de {small} membres.",
    "code.rules.asked.facilitators": "Sont consultés : ses facilitateurs et facilitatrices.",
    "code.rules.admission.open": "L’espace est ouvert : on le rejoint sans attendre.",
    "code.rules.admission.cooptation":
      "Une demande d’adhésion ouvre une proposition de cooptation, décidée par {mode} des membres.",
    "code.rules.admission.facilitators":
      "Une demande d’adhésion est acceptée ou déclinée par un facilitateur ou une facilitatrice.",
    "code.rules.cap": "Plafond de la do-ocratie : {cap}. Au-dessus, une dépense passe par une proposition.",
    "msg.code.unchanged": "Ce texte est celui de la version en vigueur : changez-le avant de le proposer.",
    "msg.code.rulesUnchanged":
      "Ces règles sont celles qui s’appliquent déjà : changez-en au moins une avant de proposer.",
    "msg.decisions.range.0.60": "Un nombre entier de 0 à 60.",
    "msg.decisions.range.1.60": "Un nombre entier de 1 à 60.",
    "msg.decisions.range.1.90": "Un nombre entier de 1 à 90.",
    "msg.decisions.range.0.100": "Un nombre entier de 0 à 100.",
    "msg.decisions.range.1.100": "Un nombre entier de 1 à 100.",
    "msg.decisions.choice": "Choisissez une des valeurs proposées.",
    "msg.decisions.deadlineFormat":
      "Une échéance s’écrit comme 2027-01-31T18:00:00+01:00, ou en nombre de jours.",
    "msg.decisions.deadlineFuture": "L’échéance doit être dans le futur, à dix ans au plus.",
  },
  en: {
    "code.days.one": "{count} day",
    "code.days.other": "{count} days",
    "code.classes.general": "general proposals",
    "code.classes.expense": "expenses above the cap",
    "code.classes.cooptation": "co-optations",
    "code.classes.socialCode": "changes of the social code",
    "code.classes.settings": "changes of the rules and settings",
    "code.rules.mode.consent": "Decided by consent (adopted while no valid objection stands): {classes}.",
    "code.rules.mode.consensus": "Decided by consensus (agree, abstain, disagree or block): {classes}.",
    "code.rules.mode.advice":
      "Decided by the advice process (the proposer decides after listening): {classes}.",
    "code.rules.mode.notice": "Do-ocracy (tell, then do): {classes}.",
    "code.rules.phases":
      "A round lasts {total}: {questions} of clarifying questions, {reactions} of reactions, then {objections} for objections or positions.",
    "code.rules.objection.extend":
      "In consent, silence is consent; if a valid objection still stands at the deadline, the round is extended once by {extension}, then the proposal is not adopted.",
    "code.rules.objection.fail":
      "In consent, silence is consent; if a valid objection still stands at the deadline, the proposal is not adopted.",
    "code.rules.consensus":
      "In consensus, silence is abstention; a proposal is adopted when no block stands and at least {threshold}% of those for or against agree.",
    "code.rules.consensus.quorum":
      "In consensus, silence is abstention; a proposal is adopted when no block stands, at least {quorum}% of those asked took a position and at least {threshold}% of those for or against agree.",
    "code.rules.review.one": "Every adopted decision is reviewed after one month.",
    "code.rules.review.other": "Every adopted decision is reviewed after {count} months.",
    "code.rules.asked.members": "Who is asked: the members.",
    "code.rules.asked.membersSmall":
      "Who is asked: the members, or its facilitators while the chamber has fewer than {small} members.",
    "code.rules.asked.facilitators": "Who is asked: its facilitators.",
    "code.rules.admission.open": "The space is open: anyone joins at once.",
    "code.rules.admission.cooptation":
      "A request to join opens a co-optation proposal, decided by the members’ {mode}.",
    "code.rules.admission.facilitators": "A request to join is accepted or declined by a facilitator.",
    "code.rules.cap": "Do-ocracy cap: {cap}. Above it, an expense goes through a proposal.",
    "msg.code.unchanged": "This text is the version in force: change it before proposing it.",
    "msg.code.rulesUnchanged": "These are the rules in force already: change at least one before proposing.",
    "msg.decisions.range.0.60": "A whole number from 0 to 60.",
    "msg.decisions.range.1.60": "A whole number from 1 to 60.",
    "msg.decisions.range.1.90": "A whole number from 1 to 90.",
    "msg.decisions.range.0.100": "A whole number from 0 to 100.",
    "msg.decisions.range.1.100": "A whole number from 1 to 100.",
    "msg.decisions.choice": "Choose one of the values offered.",
    "msg.decisions.deadlineFormat":
      "A deadline is written like 2027-01-31T18:00:00+01:00, or as a number of days.",
    "msg.decisions.deadlineFuture": "The deadline must be in the future, at most ten years ahead.",
  },
};
