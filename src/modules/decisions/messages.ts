import type { Catalogue } from "../../web/i18n.ts";

/** Decisions' words that services and notifications need: outcomes, phases, errors, the news. */
export const DECISION_MESSAGES: Catalogue = {
  fr: {
    "notification.proposal.opened.subject": "{space} : nouvelle proposition n° {number}",
    "notification.proposal.opened.text":
      "{actor} propose « {title} ». Vos questions, réactions et objections sont attendues.",
    "notification.proposal.phase.subject": "{space} : la proposition n° {number} change de phase",
    "notification.proposal.phase.text": "« {title} » en est maintenant à l’étape : {phase}.",
    "notification.proposal.deadlineSoon.subject": "{space} : la proposition n° {number} se décide demain",
    "notification.proposal.deadlineSoon.text":
      "Dernières 24 heures pour répondre à « {title} » ; sans réponse, votre silence compte comme le veut la règle.",
    "notification.proposal.decided.subject": "{space} : proposition n° {number}, {outcome}",
    "notification.proposal.decided.text": "« {title} » : {outcome}.",
    "notification.proposal.reviewDue.subject": "{space} : la décision n° {number} est à revoir",
    "notification.proposal.reviewDue.text":
      "La décision « {title} » arrive à sa date de revue : reconduisez-la, levez-la ou remplacez-la.",
    "notification.membership.notCoopted.subject": "{space} : votre cooptation n’a pas été adoptée",
    "notification.membership.notCoopted.text":
      "Votre demande pour rejoindre {space} n’a pas été adoptée. Les raisons données : {reason}",
    "notification.kind.proposal.opened": "Nouvelle proposition",
    "notification.kind.proposal.phase": "Une proposition change de phase",
    "notification.kind.proposal.deadlineSoon": "Une proposition se décide dans 24 heures",
    "notification.kind.proposal.decided": "Issue d’une proposition",
    "notification.kind.proposal.reviewDue": "Décision à revoir",
    "notification.kind.membership.notCoopted": "Cooptation non adoptée",
    "jobs.kind.decisions.close": "Issue d’une proposition à son échéance",
    "jobs.kind.decisions.phase": "Changement de phase d’une proposition",
    "jobs.kind.decisions.deadlineSoon": "Rappel la veille de l’échéance d’une proposition",
    "jobs.kind.decisions.reviewDue": "Décision arrivée à sa date de revue",
    "decisions.outcome.adopted": "adoptée",
    "decisions.outcome.not adopted": "non adoptée",
    "decisions.outcome.withdrawn": "retirée",
    "decisions.phase.questions": "questions de clarification",
    "decisions.phase.reactions": "réactions",
    "decisions.phase.objections": "tour d’objections",
    "decisions.phase.integration": "intégration des objections",
    "decisions.phase.closed": "décidée",
    "decisions.mode.consent": "consentement",
    "decisions.mode.consensus": "consensus",
    "decisions.mode.advice": "sollicitation d’avis",
    "decisions.mode.notice": "information (do-ocratie)",
    "decisions.class.general": "générale",
    "decisions.class.expense": "dépense",
    "decisions.class.cooptation": "cooptation",
    "decisions.class.socialCode": "code social",
    "decisions.class.settings": "règles et réglages",
    "decisions.position.agree": "d’accord",
    "decisions.position.abstain": "abstention",
    "decisions.position.disagree": "pas d’accord",
    "decisions.position.block": "blocage",
    "msg.decisions.range.0.60": "Un nombre entier de 0 à 60.",
    "msg.decisions.range.1.60": "Un nombre entier de 1 à 60.",
    "msg.decisions.range.1.90": "Un nombre entier de 1 à 90.",
    "msg.decisions.range.0.100": "Un nombre entier de 0 à 100.",
    "msg.decisions.range.1.100": "Un nombre entier de 1 à 100.",
    "msg.decisions.choice": "Choisissez une des valeurs proposées.",
    "msg.decisions.deadlineFormat":
      "Une échéance s’écrit comme 2027-01-31T18:00:00+01:00, ou en nombre de jours.",
    "msg.decisions.deadlineFuture": "L’échéance doit être dans le futur, à dix ans au plus.",
    "msg.decisions.modeRuled":
      "Les règles de cet espace fixent la façon de décider cette classe de proposition.",
    "msg.decisions.integratesUnknown":
      "Une objection à intégrer n’est pas une objection ouverte de cette proposition.",
    "msg.decisions.blockReason": "Une objection ou un blocage doit dire sa raison.",
    "msg.decisions.classByPlatform":
      "Une proposition de dépense ou de cooptation s’ouvre d’elle-même, depuis une note de frais ou une demande d’adhésion.",
    "msg.decisions.settingsEmpty":
      "Une proposition de règles et réglages dit ce qu’elle change : rules, properties ou doocracyCap.",
    "msg.decisions.settingsOnly":
      "Seule une proposition de règles et réglages change les règles ou les propriétés.",
    "error.PROPOSAL_NOT_FOUND": "Cette proposition n’existe pas.",
    "error.OBJECTION_NOT_FOUND": "Cette objection n’existe pas.",
    "error.PROPOSAL_CLOSED":
      "Cette proposition ne reçoit plus cette réponse : elle est décidée, ou sa façon de décider ne la prévoit pas.",
    "error.OBJECTION_RESOLVED":
      "Cette objection est déjà levée, ou aucun amendement ne propose encore de l’intégrer.",
    "error.DECISION_PENDING":
      "Cette dépense dépasse le plafond de do-ocratie : elle attend que la chambre adopte sa proposition.",
    "error.ADMISSION_BY_CONSENT":
      "Dans cet espace, une demande d’adhésion se décide par consentement des membres, pas par une seule personne.",
    "error.SOCIAL_CODE_NOT_FOUND": "Cette version du code social n’existe pas.",
  },
  en: {
    "notification.proposal.opened.subject": "{space}: new proposal no. {number}",
    "notification.proposal.opened.text":
      "{actor} proposes “{title}”. Your questions, reactions and objections are awaited.",
    "notification.proposal.phase.subject": "{space}: proposal no. {number} moves to a new phase",
    "notification.proposal.phase.text": "“{title}” is now at the step: {phase}.",
    "notification.proposal.deadlineSoon.subject": "{space}: proposal no. {number} is decided tomorrow",
    "notification.proposal.deadlineSoon.text":
      "Last 24 hours to answer “{title}”; without an answer, your silence counts as the rules say.",
    "notification.proposal.decided.subject": "{space}: proposal no. {number}, {outcome}",
    "notification.proposal.decided.text": "“{title}”: {outcome}.",
    "notification.proposal.reviewDue.subject": "{space}: decision no. {number} is due for review",
    "notification.proposal.reviewDue.text":
      "The decision “{title}” reaches its review date: renew it, retire it or replace it.",
    "notification.membership.notCoopted.subject": "{space}: your co-optation was not adopted",
    "notification.membership.notCoopted.text":
      "Your request to join {space} was not adopted. The reasons given: {reason}",
    "notification.kind.proposal.opened": "New proposal",
    "notification.kind.proposal.phase": "A proposal moves to a new phase",
    "notification.kind.proposal.deadlineSoon": "A proposal is decided within 24 hours",
    "notification.kind.proposal.decided": "Outcome of a proposal",
    "notification.kind.proposal.reviewDue": "Decision due for review",
    "notification.kind.membership.notCoopted": "Co-optation not adopted",
    "jobs.kind.decisions.close": "Outcome of a proposal at its deadline",
    "jobs.kind.decisions.phase": "A proposal's phase change",
    "jobs.kind.decisions.deadlineSoon": "Reminder the day before a proposal's deadline",
    "jobs.kind.decisions.reviewDue": "A decision reaches its review date",
    "decisions.outcome.adopted": "adopted",
    "decisions.outcome.not adopted": "not adopted",
    "decisions.outcome.withdrawn": "withdrawn",
    "decisions.phase.questions": "clarifying questions",
    "decisions.phase.reactions": "reactions",
    "decisions.phase.objections": "objection round",
    "decisions.phase.integration": "integrating objections",
    "decisions.phase.closed": "decided",
    "decisions.mode.consent": "consent",
    "decisions.mode.consensus": "consensus",
    "decisions.mode.advice": "advice process",
    "decisions.mode.notice": "notice (do-ocracy)",
    "decisions.class.general": "general",
    "decisions.class.expense": "expense",
    "decisions.class.cooptation": "co-optation",
    "decisions.class.socialCode": "social code",
    "decisions.class.settings": "rules and settings",
    "decisions.position.agree": "agree",
    "decisions.position.abstain": "abstain",
    "decisions.position.disagree": "disagree",
    "decisions.position.block": "block",
    "msg.decisions.range.0.60": "A whole number from 0 to 60.",
    "msg.decisions.range.1.60": "A whole number from 1 to 60.",
    "msg.decisions.range.1.90": "A whole number from 1 to 90.",
    "msg.decisions.range.0.100": "A whole number from 0 to 100.",
    "msg.decisions.range.1.100": "A whole number from 1 to 100.",
    "msg.decisions.choice": "Choose one of the values offered.",
    "msg.decisions.deadlineFormat":
      "A deadline is written like 2027-01-31T18:00:00+01:00, or as a number of days.",
    "msg.decisions.deadlineFuture": "The deadline must be in the future, at most ten years ahead.",
    "msg.decisions.modeRuled": "This space’s rules set how this class of proposal is decided.",
    "msg.decisions.integratesUnknown": "An objection to integrate is not an open objection of this proposal.",
    "msg.decisions.blockReason": "An objection or a block must give its reason.",
    "msg.decisions.classByPlatform":
      "An expense or co-optation proposal opens by itself, from an expense claim or a request to join.",
    "msg.decisions.settingsEmpty":
      "A rules and settings proposal says what it changes: rules, properties or doocracyCap.",
    "msg.decisions.settingsOnly": "Only a rules and settings proposal changes the rules or the properties.",
    "error.PROPOSAL_NOT_FOUND": "This proposal does not exist.",
    "error.OBJECTION_NOT_FOUND": "This objection does not exist.",
    "error.PROPOSAL_CLOSED":
      "This proposal no longer takes this answer: it is decided, or its way of deciding has no place for it.",
    "error.OBJECTION_RESOLVED":
      "This objection is already resolved, or no amendment offers to integrate it yet.",
    "error.DECISION_PENDING":
      "This expense is above the do-ocracy cap: it waits for the chamber to adopt its proposal.",
    "error.ADMISSION_BY_CONSENT":
      "In this space, a request to join is decided by the members’ consent, not by one person.",
    "error.SOCIAL_CODE_NOT_FOUND": "This version of the social code does not exist.",
  },
};
