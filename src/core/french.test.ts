import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frenchSpacing, withPreposition } from "./french.ts";

const N = "\u202f";

describe("French typography", () => {
  it("puts a narrow no-break space before ; : ! ? and inside « »", () => {
    assert.equal(
      frenchSpacing("Adresse : rue ; ville ! Vraiment ?"),
      `Adresse${N}: rue${N}; ville${N}! Vraiment${N}?`,
    );
    assert.equal(frenchSpacing("le modèle « Fiche commun »"), `le modèle «${N}Fiche commun${N}»`);
    assert.equal(frenchSpacing("Déjà\u00a0: fait"), `Déjà${N}: fait`);
  });

  it("leaves times, URLs, code and text without a space as they are", () => {
    for (const text of ["Ouvert à 10:36", "https://exemple.test/a?b=1", "Authorization: Bearer …", "{url}"])
      assert.equal(frenchSpacing(text), text);
  });
});

describe("names after « de » and « à »", () => {
  const cases: [string, string, string][] = [
    ["Un voisin", "d’un voisin", "à un voisin"],
    ["Une voisine", "d’une voisine", "à une voisine"],
    ["Le Lutin", "du Lutin", "au Lutin"],
    ["La Ressourcerie", "de la Ressourcerie", "à la Ressourcerie"],
    ["Les Épis", "des Épis", "aux Épis"],
    ["L’Hermitage", "de l’Hermitage", "à l’Hermitage"],
    ["Assemblée des communs", "de l’Assemblée des communs", "à l’Assemblée des communs"],
    ["Chambre des jardins", "de la Chambre des jardins", "à la Chambre des jardins"],
    ["Collectif vélo", "du Collectif vélo", "au Collectif vélo"],
    ["Atelier vélo", "de l’Atelier vélo", "à l’Atelier vélo"],
    ["Hélène Martin", "d’Hélène Martin", "à Hélène Martin"],
    ["Annecy", "d’Annecy", "à Annecy"],
    ["Yves Durand", "d’Yves Durand", "à Yves Durand"],
    ["Yann Le Goff", "de Yann Le Goff", "à Yann Le Goff"],
    ["Lille", "de Lille", "à Lille"],
    ["Zoé", "de Zoé", "à Zoé"],
    ["Le", "de Le", "à Le"],
  ];
  for (const [name, de, à] of cases)
    it(`${name} → ${de}, ${à}`, () => {
      assert.equal(withPreposition("de", name), de);
      assert.equal(withPreposition("à", name), à);
    });
});
