/** Messages of the chamber ledger, merged into the dictionaries of web/i18n. */
export const LEDGER_MESSAGES = {
  fr: {
    "error.IDEMPOTENCY_CONFLICT":
      "Cette clé d’idempotence a déjà servi pour une opération différente : rien n’a été enregistré.",
    "error.ENVELOPE_INSUFFICIENT": "L’enveloppe ne contient pas assez d’argent pour cette opération.",
    "error.TRANSFER_NOT_FOUND": "Ce mouvement n’existe pas.",
    "error.TRANSFER_NOT_PENDING": "Ce mouvement n’est plus en attente.",
    "msg.ledger.accountUnknown": "Ce compte n’existe pas dans cette chambre.",
    "msg.ledger.sameAccount": "Le compte crédité doit différer du compte débité.",
    "msg.ledger.amountInvalid": "Un montant est un nombre de centimes supérieur à zéro.",
    "msg.ledger.dateInvalid": "Une date s’écrit AAAA-MM-JJ et doit exister.",
    "msg.ledger.kindUnknown": "Choisissez une nature de compte de la liste.",
    "msg.ledger.statusInvalid": "Un mouvement est en attente ou passé.",
  },
  en: {
    "error.IDEMPOTENCY_CONFLICT":
      "This idempotency key was already used for a different operation: nothing was recorded.",
    "error.ENVELOPE_INSUFFICIENT": "The envelope does not hold enough money for this operation.",
    "error.TRANSFER_NOT_FOUND": "This transfer does not exist.",
    "error.TRANSFER_NOT_PENDING": "This transfer is no longer pending.",
    "msg.ledger.accountUnknown": "This account does not exist in this chamber.",
    "msg.ledger.sameAccount": "The credited account must differ from the debited one.",
    "msg.ledger.amountInvalid": "An amount is a number of cents above zero.",
    "msg.ledger.dateInvalid": "A date reads YYYY-MM-DD and must exist.",
    "msg.ledger.kindUnknown": "Choose a kind of account from the list.",
    "msg.ledger.statusInvalid": "A transfer is pending or posted.",
  },
} as const;
