/**
 * The social code a chamber created from nothing starts from: written for Communs, in French, to be
 * changed by the chamber's own decisions (its first review is the first thing to do).
 */
export function socialCodeTemplate(name: string): string {
  return `# Code social de ${name}

## 1. Raison d’être
${name} est une chambre des communs : un collectif coopté et thématique qui prend soin de communs de son
territoire et gère l’argent qui leur est confié, en toute transparence. Elle rend compte à l’assemblée
des communs à laquelle elle est liée.

## 2. Membres et cooptation
- Toute personne qui contribue à un commun peut demander à rejoindre la chambre, en se présentant.
- Sa demande ouvre une proposition de cooptation : les membres y répondent par consentement.
- Tant que la chambre compte moins de trois membres, ce sont ses facilitateurs et facilitatrices qui
  décident.
- Une personne qui n’est pas cooptée est informée des raisons, et peut demander à nouveau plus tard.

## 3. Décisions
- Les décisions courantes se prennent par consentement : une proposition, des questions de
  clarification, des réactions, des amendements, puis un tour d’objections.
- Une objection dit en quoi la proposition nuirait à la chambre ; elle est levée quand son auteur la
  retire ou accepte un amendement qui l’intègre. Une objection non valable ne peut être écartée que par
  écrit, avec sa raison.
- Sans réponse à l’échéance, on considère que la personne consent.
- Le présent code social se modifie par consensus : il ne doit rester aucun blocage.
- Chaque décision adoptée a une date de revue et figure au registre des décisions.

## 4. Argent et dépenses
- Chacun·e peut engager une petite dépense utile au commun, sous le plafond de do-ocratie fixé par la
  chambre, et en demander le remboursement par une note de frais avec ses justificatifs.
- Au-delà du plafond, la dépense est d’abord proposée et décidée par consentement.
- Une note de frais n’est jamais approuvée par la personne qui l’a écrite.
- Les comptes sont tenus en partie double et publiés.

## 5. Conflits
- Une tension se nomme d’abord entre les personnes concernées, avec bienveillance.
- Si elle persiste, un ou une membre choisi·e par les deux parties facilite une rencontre.
- En dernier recours, la chambre décide par consentement de la suite à donner.

## 6. Départ
- Chacun·e peut quitter la chambre à tout moment ; ses contributions restent, sous le nom qu’il ou elle
  choisit.
- Une personne qui part remet ce qu’elle détient pour la chambre (accès, documents, fonds).

## 7. Fork
- Le fork est encouragé : tout membre peut créer une nouvelle chambre à partir de celle-ci. Elle part du
  présent code social et des règles de décision, sans membres, sans argent et sans données personnelles.
- Les deux chambres gardent la trace de leur filiation.

## 8. Revue
- Ce code social est revu au moins une fois par an, et chaque fois qu’une personne le demande par une
  proposition.
`;
}
