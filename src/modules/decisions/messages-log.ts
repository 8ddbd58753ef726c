import type { Catalogue } from "../../web/i18n.ts";

/** The log's sentences for what happens to proposals (and, without names, to co-optation rounds). */
export const DECISION_LOG_MESSAGES: Catalogue = {
  fr: {
    "audit.sentence.proposal.opened": "{actor} a ouvert la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.questionAsked":
      "{actor} a posé une question sur la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.questionAnswered":
      "{actor} a répondu à une question sur la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.reacted": "{actor} a réagi à la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.objected": "{actor} a objecté à la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.objectionWithdrawn":
      "{actor} a retiré son objection à la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.objectionIntegrated":
      "{actor} a accepté l’amendement qui intègre son objection à la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.objectionInvalid":
      "{actor} a jugé non valable une objection à la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.amended":
      "{actor} a amendé la proposition n° {number} « {subject} » (version {version}).",
    "audit.sentence.proposal.positionTaken":
      "{actor} a pris position sur la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.advanced":
      "{actor} a ouvert la phase suivante de la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.extended":
      "Le tour de la proposition n° {number} « {subject} » est prolongé : une objection reste ouverte.",
    "audit.sentence.proposal.adopted": "La proposition n° {number} « {subject} » est adoptée.",
    "audit.sentence.proposal.notAdopted": "La proposition n° {number} « {subject} » n’est pas adoptée.",
    "audit.sentence.proposal.withdrawn": "{actor} a retiré la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.recordedInMeeting":
      "{actor} a consigné en réunion les réponses à la proposition n° {number} « {subject} ».",
    "audit.sentence.proposal.renewed": "{actor} a reconduit la décision n° {number} « {subject} ».",
    "audit.sentence.proposal.retired":
      "{actor} a levé la décision n° {number} « {subject} » lors de sa revue.",
    "audit.sentence.space.forked":
      "{actor} a fondé la chambre « {subject} » en bifurquant depuis /espaces/{from}, à la version {version} de son code social.",
    "audit.sentence.cooptation.opened":
      "Une demande d’adhésion ouvre la proposition de cooptation n° {number}.",
    "audit.sentence.cooptation.adopted": "La cooptation n° {number} est adoptée.",
    "audit.sentence.cooptation.notAdopted": "La cooptation n° {number} n’est pas adoptée.",
    "audit.sentence.cooptation.withdrawn": "La demande de cooptation n° {number} est retirée.",
  },
  en: {
    "audit.sentence.proposal.opened": "{actor} opened proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.questionAsked": "{actor} asked a question on proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.questionAnswered":
      "{actor} answered a question on proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.reacted": "{actor} reacted to proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.objected": "{actor} objected to proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.objectionWithdrawn":
      "{actor} withdrew their objection to proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.objectionIntegrated":
      "{actor} accepted the amendment integrating their objection to proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.objectionInvalid":
      "{actor} found an objection to proposal no. {number} “{subject}” not valid.",
    "audit.sentence.proposal.amended":
      "{actor} amended proposal no. {number} “{subject}” (version {version}).",
    "audit.sentence.proposal.positionTaken": "{actor} took a position on proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.advanced": "{actor} opened the next phase of proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.extended":
      "The round of proposal no. {number} “{subject}” is extended: an objection stands.",
    "audit.sentence.proposal.adopted": "Proposal no. {number} “{subject}” is adopted.",
    "audit.sentence.proposal.notAdopted": "Proposal no. {number} “{subject}” is not adopted.",
    "audit.sentence.proposal.withdrawn": "{actor} withdrew proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.recordedInMeeting":
      "{actor} recorded in a meeting the answers to proposal no. {number} “{subject}”.",
    "audit.sentence.proposal.renewed": "{actor} renewed decision no. {number} “{subject}”.",
    "audit.sentence.proposal.retired": "{actor} retired decision no. {number} “{subject}” at its review.",
    "audit.sentence.space.forked":
      "{actor} founded the chamber “{subject}” by forking /espaces/{from}, at version {version} of its social code.",
    "audit.sentence.cooptation.opened": "A request to join opens co-optation proposal no. {number}.",
    "audit.sentence.cooptation.adopted": "Co-optation no. {number} is adopted.",
    "audit.sentence.cooptation.notAdopted": "Co-optation no. {number} is not adopted.",
    "audit.sentence.cooptation.withdrawn": "Co-optation request no. {number} is withdrawn.",
  },
};
