import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { DomainError } from "./errors.ts";
import { PAD_MAX_BYTES, type PadDraft, padText, parsePad } from "./pad.ts";

const SEED = readFileSync(
  new URL("../../test/fixtures/seed/000_84a1da536792cae5.txt", import.meta.url),
  "utf8",
);

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error.code;
  }
  assert.fail("expected a domain error");
}

/** The draft, or null when the text is refused with a domain error (any other error fails). */
function draftOf(text: string): PadDraft | null {
  try {
    return parsePad(text);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

describe("the Lille assembly's page of 12 December 2016", () => {
  const draft = parsePad(SEED);

  it("reads the agenda's themes", () => {
    assert.deepEqual(
      draft.agenda.map((theme) => theme.title),
      ["Les structures", "Les outils", "Les pratiques", "Les méthodes", "Bilan 2016 et perspectives 2017"],
    );
    assert.equal(
      draft.agenda[0]?.description,
      "assemblée des communs, chambre des communs, LSC-L1, FSC-L1, création d'une CAE (?)... quelle articulation pour quels besoins ?",
    );
    assert.equal(draft.agenda[4]?.description, "");
  });

  it("reads the presentation round", () => {
    assert.deepEqual(draft.attendees, [
      {
        name: "Julien Lecaille",
        intro: "élu à Hellemmes, actif à l'assemblée des communs de Lille depuis un an",
      },
      {
        name: "Marion Rousseau",
        intro:
          "contributrice aux communs, Coroutine, participe à différents projets autour de l'économie contributive",
      },
      { name: "Simon Sarazin", intro: "contributeur aux communs" },
      { name: "Maïa Dereva", intro: "contributrice aux communs http://maiadereva.semeoz.info/" },
      {
        name: "Yann Lohr",
        intro: "travaille avec un pull de commerçants orientés développement durable (fair-trade)",
      },
      {
        name: "Christian Dupuy",
        intro:
          "agence Web www.netalinea.fr, contribue aux communs notamment en animant l'atelier d'initiation auc communs de l'assemblée",
      },
      {
        name: "Rudy Patard",
        intro: "doctorant, développement et recherche civile autour de l'assemblée des communs",
      },
      { name: "Christian Mahieu", intro: "sociologue, chercheur au CNRS, co-responsable de la chaire ESS" },
      { name: "Marjorie Meunier", intro: "socio-anthropologue, recherche sur les communs" },
      { name: "Cyril Libert", intro: "Open Source Ecologie" },
      { name: "Pierre Trendel", intro: "contributeur aux communs, réflexion sur la Chambre des communs" },
      { name: "Rémi Bocquet", intro: "Communecter" },
      { name: "Florent Benhameur", intro: "Communecter" },
      { name: "Clément Damiens", intro: "Communecter" },
    ]);
  });

  it("reads the timestamped log", () => {
    assert.deepEqual(draft.entries, [
      { time: "10:36", text: "tour de présentation des personnes présentes" },
      { time: "12:20", text: "arrêt de la plénière" },
      { time: "14:45", text: "mise en route des ateliers thématiques" },
      { time: "17:37", text: "questions diverses" },
    ]);
  });

  it("reads the workshops, not the debate nor the heading grouping them", () => {
    assert.deepEqual(
      draft.workshops.map((workshop) => [workshop.title, workshop.facilitator]),
      [
        ["Initiation", null],
        ["Logistique / Communication", null],
        ["Economie des communs / Chambre des communs", null],
        ["Prendre contact / Relier / Evaluer / Aider les communs", null],
        ["Pacte démocratique / Influence", null],
        ["Gouvernance / Code social", null],
        ["Communs de la mobilité", null],
        ["Recherche sur les communs", null],
        ["Communication/échanges avec le réseau des communs", null],
        ["Chambre des Communs", null],
      ],
    );
  });

  it("keeps each workshop's report, paragraphs and bullets as written, up to the next heading or time", () => {
    const report = (title: string) => draft.workshops.find((workshop) => workshop.title === title)?.report;
    assert.equal(
      report("Economie des communs / Chambre des communs"),
      "Voir cet après-midi\n\nhttp://www.chambredescommuns.org/",
    );
    assert.equal(
      report("Pacte démocratique / Influence"),
      [
        "http://assemblee.encommuns.org/wiki/Lille#Pacte_d.C3.A9mocratique_.2F_Influence",
        "",
        "• Beaucoup d'activités sur ce sujet.",
        "• Demande de simplification des termes",
        "• L'OGP est un bon outil",
      ].join("\n"),
    );
    // The separator « ; » after it is not part of it.
    assert.ok(report("Gouvernance / Code social")?.startsWith("• Code social à travailler. Rédiger"));
    assert.ok(report("Gouvernance / Code social")?.endsWith("(limite entre être dedans, dehors ?..)"));
    assert.ok(report("Initiation")?.startsWith("fonctionne très bien. Projet avec Rudy"));
    assert.ok(
      report("Initiation")?.endsWith(
        "Christian Mahieu est OK pour travailler sur ce sujet pour améliorer l'atelier d'initiation.",
      ),
    );
    assert.equal(report("Initiation")?.split("\n\n").length, 2);
    assert.ok(
      report("Logistique / Communication")?.startsWith("Gros chantier :\n\n• Le budget : Budget 2016"),
    );
    assert.ok(
      report("Recherche sur les communs")?.endsWith("Dissocier la recherche et la prise de contact."),
    );
    assert.ok(
      report("Communication/échanges avec le réseau des communs")?.endsWith(
        "Idée de proposer une rencontre des assemblées en formation.",
      ),
    );
    const chamber = report("Chambre des Communs") ?? "";
    assert.ok(chamber.startsWith("La chambre existe conceptuellement depuis environ un an"));
    assert.ok(
      chamber.includes("\n\nDistinction Assemblée/Chambre\n\nUne proposition de Julien Lecaille\n\n"),
    );
    assert.ok(
      chamber.includes("Objectifs 2017 :\n\n- rembourser des frais\n- rétribution de quelques commoners"),
    );
    assert.ok(chamber.endsWith("Fork A éviter Encouragé\nFormalisation Faible Statuts associatifs"));
    // The morning's debate and the lunch break belong to no workshop.
    for (const workshop of draft.workshops) {
      assert.ok(!workshop.report.includes("siège d'un parti politique"), workshop.title);
      assert.ok(!workshop.report.includes("banque de jurisprudence"), workshop.title);
    }
  });

  it("reads the actions with their volunteers, not the question « Qui s'occupe de … ? »", () => {
    assert.deepEqual(draft.actions, [
      {
        text: "Christian Mahieu est OK pour travailler sur ce sujet pour améliorer l'atelier d'initiation.",
        volunteers: ["Christian Mahieu"],
      },
      {
        text: "Christian Mahieu et Yann Lohr sont OK pour rejoindre le groupe logistique",
        volunteers: ["Christian Mahieu", "Yann Lohr"],
      },
    ]);
  });

  it("writes it back as a pad that reads the same", () => {
    assert.deepEqual(parsePad(padText(draft)), draft);
  });
});

describe("pad lines", () => {
  it("reads every way of writing a time, and only valid times", () => {
    const draft = parsePad(
      [
        "10h36 : deux-points",
        "10h36 - tiret",
        "10h36 – demi-cadratin",
        "10:36 deux-points collés",
        "10 h 36 espacé",
        "9h05 matin",
        "10h heure ronde",
        "0h00 : minuit",
        "23:59 : fin",
        "24h00 : pas une heure",
        "10h60 : pas une heure",
        "7:5 : pas une heure",
        "10hxx : pas une heure",
        "Rendez-vous à 13h00 : pas en début de ligne",
      ].join("\n"),
    );
    assert.deepEqual(draft.entries, [
      { time: "10:36", text: "deux-points" },
      { time: "10:36", text: "tiret" },
      { time: "10:36", text: "demi-cadratin" },
      { time: "10:36", text: "deux-points collés" },
      { time: "10:36", text: "espacé" },
      { time: "09:05", text: "matin" },
      { time: "10:00", text: "heure ronde" },
      { time: "00:00", text: "minuit" },
      { time: "23:59", text: "fin" },
    ]);
  });

  it("reads every kind of bullet, whatever the indentation, and skips « … »", () => {
    const draft = parsePad(
      [
        "Ordre du jour",
        "",
        "• puce",
        "  - tiret",
        "\t* étoile",
        "– demi-cadratin",
        "+ plus",
        "1. numéro",
        "   2) parenthèse",
        "•collée",
        "• ...",
        "- …",
        "",
        "Compte-rendu",
      ].join("\n"),
    );
    assert.deepEqual(
      draft.agenda.map((theme) => theme.title),
      ["puce", "tiret", "étoile", "demi-cadratin", "plus", "numéro", "parenthèse", "collée"],
    );
  });

  it("splits a theme at its first « : » when the title is short, and cuts a long title at a space", () => {
    const long = `${"mot ".repeat(40)}fin`;
    const draft = parsePad(`ODJ :\n\n- Budget : 2017 : à voir\n- ${long}\n- ${"x".repeat(130)}\n`);
    assert.deepEqual(draft.agenda[0], { title: "Budget", description: "2017 : à voir" });
    assert.equal(draft.agenda[1]?.title, "mot ".repeat(30).trimEnd());
    assert.equal(draft.agenda[1]?.description, `${"mot ".repeat(10)}fin`);
    assert.deepEqual(draft.agenda[2], { title: "x".repeat(120), description: "x".repeat(10) });
    assert.deepEqual(parsePad(padText(draft)), draft);
  });

  it("names a workshop's facilitator, on its heading or on the line after", () => {
    const draft = parsePad(
      [
        "Compte-rendu",
        "",
        "Atelier vélo (animé par Lucie Martin)",
        "",
        "On répare les freins.",
        "",
        "",
        "Jardin partagé",
        "(animée par Marion de la Fontaine)",
        "",
        "Semis en avril.",
        "",
        "",
        "Cuisine",
        "",
        "Soupe pour tous.",
      ].join("\n"),
    );
    assert.deepEqual(draft.workshops, [
      { title: "Atelier vélo", facilitator: "Lucie Martin", report: "On répare les freins." },
      { title: "Jardin partagé", facilitator: "Marion de la Fontaine", report: "Semis en avril." },
      { title: "Cuisine", facilitator: null, report: "Soupe pour tous." },
    ]);
  });

  it("tells workshops from section headings and from short paragraphs", () => {
    const draft = parsePad(
      [
        "9h : accueil",
        "",
        "Débat", // a section heading
        "",
        "On discute du lieu.",
        "",
        "Jardin", // the first heading after it: a workshop
        "",
        "Semis en avril.",
        "",
        "Une ligne courte", // not the first heading, one blank line before: the report goes on
        "",
        "Arrosage.",
        "",
        "",
        "Vélo", // set apart by two blank lines
        "",
        "Réparer.",
        "",
        "Fin de matinée sans titre", // followed by a time, not by content
        "",
        "12h : déjeuner",
        "",
        "Cuisine", // the first heading after a time
        "",
        "Soupe.",
      ].join("\n"),
    );
    assert.deepEqual(draft.workshops, [
      { title: "Jardin", facilitator: null, report: "Semis en avril.\n\nUne ligne courte\n\nArrosage." },
      { title: "Vélo", facilitator: null, report: "Réparer.\n\nFin de matinée sans titre" },
      { title: "Cuisine", facilitator: null, report: "Soupe." },
    ]);
  });

  it("ends the agenda at the next heading, and reads no workshop before the minutes", () => {
    const draft = parsePad("Ordre du jour\n\n- budget\n\nLieu\n\n- salle 3\n\nAtelier\n\nTexte.\n");
    assert.deepEqual(draft.agenda, [{ title: "budget", description: "" }]);
    assert.deepEqual(draft.workshops, []);
  });

  it("cuts a long title without a space outside a surrogate pair, and writes it back", () => {
    const draft = parsePad(`Ordre du jour\n\n• ${"x".repeat(119)}😀 suite\n`);
    assert.deepEqual(draft.agenda, [{ title: "x".repeat(119), description: "😀 suite" }]);
    assert.deepEqual(parsePad(padText(draft)), draft);
  });

  it("reads decomposed accents as composed ones", () => {
    const composed = "Tour de table\n\nÉlise Noël : présidente\n";
    assert.deepEqual(parsePad(composed.normalize("NFD")), parsePad(composed));
    assert.equal(parsePad(composed.normalize("NFD")).attendees[0]?.name, "Élise Noël");
  });

  it("reads the same text with Windows or old Mac line endings, a BOM, NUL, tabs and no-break spaces", () => {
    const text = [
      "Compte-rendu",
      "",
      "10h36 : tour de table",
      "",
      "• Lucie Martin : jardinière",
      "• Paul : ",
      "",
      "Atelier vélo",
      "",
      "Lucie et Paul s'occupent de la salle.",
    ].join("\n");
    const expected = parsePad(text);
    assert.equal(expected.attendees.length, 2);
    assert.equal(expected.workshops.length, 1);
    assert.equal(expected.actions.length, 1);
    assert.deepEqual(parsePad(`\ufeff${text.replaceAll("\n", "\r\n")}`), expected);
    assert.deepEqual(parsePad(text.replaceAll("\n", "\r")), expected);
    assert.deepEqual(
      parsePad(
        text.replace("Lucie Martin :", "Lucie\u00a0Martin\u00a0:").replace("10h36 :", "10h36\t\u0000:"),
      ),
      expected,
    );
  });

  it("reads an introduction containing « : » and an empty one", () => {
    const draft = parsePad(
      "Tour de table\n\nLucie Martin : jardinière : légumes, fleurs\nMarion :\nChristian D. : sociologue\nJean-Pierre de la Tour : maire\n\nAnnonces : aucune\n",
    );
    assert.deepEqual(draft.attendees, [
      { name: "Lucie Martin", intro: "jardinière : légumes, fleurs" },
      { name: "Marion", intro: "" },
      { name: "Christian D.", intro: "sociologue" },
      { name: "Jean-Pierre de la Tour", intro: "maire" },
      { name: "Annonces", intro: "aucune" },
    ]);
    // The round ends at the first line that is not « Name : introduction ».
    assert.deepEqual(
      parsePad("Tour de table\n\nLucie : jardinière\nla salle : réservée\nPaul : maire\n").attendees,
      [{ name: "Lucie", intro: "jardinière" }],
    );
  });

  it("reads volunteers, and not a question", () => {
    const draft = parsePad(
      [
        "• Qui s'occupe de gérer cette organisation ? (location de salle)",
        "• Logistique : Marion, Yann et Lucie s’occupent de la salle. Le reste attendra.",
        "Paul se charge du compte-rendu",
        "Elle est OK pour venir.",
        "Tout le monde est OK pour continuer.",
        "Christian Mahieu et Yann Lohr sont OK pour rejoindre le groupe logistique",
      ].join("\n"),
    );
    assert.deepEqual(draft.actions, [
      { text: "Marion, Yann et Lucie s’occupent de la salle.", volunteers: ["Marion", "Yann", "Lucie"] },
      { text: "Paul se charge du compte-rendu", volunteers: ["Paul"] },
      {
        text: "Christian Mahieu et Yann Lohr sont OK pour rejoindre le groupe logistique",
        volunteers: ["Christian Mahieu", "Yann Lohr"],
      },
    ]);
  });

  it("reads the actions from their own section alone, when the pad has one", () => {
    const draft = parsePad(
      "Compte-rendu\n\nAtelier vélo\n\nPaul est OK pour réparer.\n\n\nActions\n\n- Lucie se charge de la salle\n",
    );
    assert.deepEqual(draft.actions, [{ text: "Lucie se charge de la salle", volunteers: ["Lucie"] }]);
    assert.equal(draft.workshops[0]?.report, "Paul est OK pour réparer.");
  });

  it("refuses an empty text and one too large", () => {
    for (const empty of ["", "   ", "\n\r\n\t", "\ufeff", "\u00a0\u0000\u0007"])
      assert.equal(
        codeOf(() => parsePad(empty)),
        "PAD_EMPTY",
      );
    assert.equal(
      codeOf(() => parsePad("a".repeat(PAD_MAX_BYTES + 1))),
      "PAD_TOO_LARGE",
    );
    // Measured in UTF-8 bytes: « é » takes two.
    assert.equal(
      codeOf(() => parsePad("é".repeat(PAD_MAX_BYTES / 2 + 1))),
      "PAD_TOO_LARGE",
    );
    assert.deepEqual(parsePad(`${"é".repeat(PAD_MAX_BYTES / 2 - 1)}\n.`).entries, []);
  });

  it("reads nothing from a text that is not minutes", () => {
    assert.deepEqual(parsePad("..."), { agenda: [], attendees: [], entries: [], workshops: [], actions: [] });
  });
});

// Pieces of pads, to put together at random: times good and bad, bullets, section starts, names,
// volunteers, facilitators, line breaks of every kind, control characters, long lines.
const FRAGMENTS = [
  "10h36 : ",
  "10:36 ",
  "9h05 - ",
  "10h",
  "25h00 ",
  "10 h 36",
  "• ",
  "- ",
  "* ",
  "1. ",
  "•",
  "Ordre du jour",
  "Propositions de thèmes :",
  "Compte-rendu",
  "Notes",
  "Actions",
  "Débat",
  "Bilan ateliers",
  "tour de table",
  "Tour de présentation",
  "Lucie Martin : ",
  "Marion :",
  "Lucie Martin",
  "Marion, Yann et Lucie",
  "Qui",
  " sont OK pour ",
  " s'occupe de ",
  " se charge du ",
  " ?",
  "(animé par ",
  "(animée par Paul)",
  "Paul)",
  "Atelier vélo",
  "Initiation",
  "réparer les vélos",
  ". ",
  " : ",
  ": ",
  ":",
  ",",
  "...",
  "…",
  ";",
  "\n",
  "\n",
  "\n",
  "\n\n",
  "\n\n\n",
  "\r\n",
  "\r",
  "\u2028",
  "\u0000",
  "\t",
  "\u00a0",
  "\ufeff",
  "e\u0301",
  "\u0301",
  "é",
  "\ud83d\ude00",
  "\ud800",
  "http://x.org",
  "www.",
  "  ",
  "x".repeat(85),
  "mot ".repeat(25),
  "Le budget",
];

const soup = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: "binary" }) },
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(""));

// Whole lines, for texts shaped like pads: section starts, headings, the round, volunteers.
const LINES = [
  "Ordre du jour",
  "ODJ :",
  "Compte-rendu",
  "Actions",
  "Débat",
  "Bilan ateliers 2016",
  "Tour de table",
  "10h36 : tour de présentation des personnes présentes",
  "Initiation",
  "Atelier vélo (animé par Paul)",
  "(animée par Marion)",
  "Lucie Martin : jardinière",
  "• Marion :",
  "Lucie et Paul sont OK pour réparer.",
  "Logistique : Yann se charge de la salle",
  "Qui s'occupe de la salle ?",
  ";",
  "• ...",
  "",
  "",
];
const START = ["", "", "• ", "- ", "  * ", "1. ", "10h36 : ", "9h05 - ", "10:36 ", "25h00 ", "(animé par "];
const END = ["", "", ".", " :", " ?", ")", "…"];
const BREAKS = ["\n", "\n", "\n\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\n \t\n", "\r"];
const freeLine = fc
  .tuple(
    fc.constantFrom(...START),
    fc.array(fc.constantFrom(...FRAGMENTS.filter((f) => !/[\r\n\u2028]/.test(f))), {
      minLength: 1,
      maxLength: 5,
    }),
    fc.constantFrom(...END),
  )
  .map(([start, middle, end]) => `${start}${middle.join("")}${end}`);
const line = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...LINES) },
  { weight: 3, arbitrary: freeLine },
  // One of the round, or a heading set apart and its first line.
  fc
    .tuple(
      fc.constantFrom("", "• ", "- "),
      fc.constantFrom("Lucie", "Paul Martin", "Jean-Pierre de la Tour"),
      freeLine,
    )
    .map(([bullet, name, intro]) => `${bullet}${name} : ${intro}`),
  fc
    .tuple(
      fc.constantFrom("Jardin", "Atelier vélo (animé par Paul)", "Débat", "Bilan des ateliers"),
      freeLine,
    )
    .map(([title, first]) => `\n\n${title}\n\n${first}`),
);
const padLike = fc
  .array(fc.tuple(line, fc.constantFrom(...BREAKS)), { minLength: 5, maxLength: 60 })
  .map((lines) => lines.map(([text, end]) => text + end).join(""));

describe("any text", () => {
  it("gives a draft or a domain error, nothing else", () => {
    // "binary" is any code point (fast-check 3's fullUnicodeString); the soup adds lone surrogates.
    for (const text of [
      fc.string(),
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: "binary" }),
      soup,
      padLike,
    ])
      fc.assert(
        fc.property(text, (pad) => {
          draftOf(pad);
        }),
        { numRuns: 400 },
      );
  });

  it("reads 1 MB of pad (the seed page over and over)", () => {
    const copies = Math.ceil((1024 * 1024) / Buffer.byteLength(SEED));
    const draft = parsePad(Array.from({ length: copies }, () => SEED).join("\n"));
    assert.equal(draft.attendees.length, 14 * copies);
    assert.equal(draft.entries.length, 4 * copies);
    assert.equal(draft.actions.length, 2 * copies);
  });
});

// Drafts written from scratch keep the shapes parsePad gives, since others cannot come back the same:
// a workshop's title must read as a heading (80 characters at most, no final punctuation, no « : », not
// a section word like « Débat » or « ateliers »), its report must be non-empty, with no line starting
// with a time, a section start (« Actions ») or « (animé par », and no two blank lines in a row; a theme
// needs a letter; names are capitalised words; an action's text names its volunteers before « sont OK
// pour » and is not a question; a time is "HH:MM". The words below keep to these shapes.
const WORDS = ["vélo", "jardin", "réparer", "la", "salle", "budget", "2017", "communs", "soupe", "à", "voir"];
const TITLE_WORDS = ["Atelier", "Vélo", "Jardin", "Gouvernance", "Code", "social", "/", "des", "communs"];
const NAME_WORDS = [
  "Lucie",
  "Martin",
  "Paul",
  "Yann",
  "Lohr",
  "Maïa",
  "Jean-Pierre",
  "D.",
  "Dupont",
  "Élise",
];

// Objects as parsePad makes them (fast-check's records have no prototype by default).
const PLAIN = { noNullPrototype: true };
const words = (pool: string[], min: number, max: number) =>
  fc.array(fc.constantFrom(...pool), { minLength: min, maxLength: max }).map((list) => list.join(" "));
const name = fc
  .tuple(words(NAME_WORDS, 1, 2), fc.constantFrom("", " de", " de la"), fc.constantFrom(...NAME_WORDS))
  .map(([first, particle, last]) => (particle === "" ? first : `${first}${particle} ${last}`));
const sentence = fc
  .tuple(words(WORDS, 1, 8), fc.constantFrom("", ".", " : à voir", " ?"))
  .map(([text, end]) => `${text}${end}`);
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const reportLine = fc.oneof(
  sentence,
  sentence.map((text) => `• ${text}`),
);
const report = fc
  .array(fc.array(reportLine, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .map((paragraphs) => paragraphs.map((lines) => lines.join("\n")).join("\n\n"));

const draftArbitrary: fc.Arbitrary<PadDraft> = fc.record(
  {
    agenda: fc.array(
      fc.record(
        {
          title: fc
            .tuple(words(WORDS, 1, 1), words(TITLE_WORDS, 0, 5))
            .map((parts) => parts.join(" ").trim()),
          description: fc.oneof(fc.constant(""), sentence),
        },
        PLAIN,
      ),
      { maxLength: 4 },
    ),
    attendees: fc.array(fc.record({ name, intro: fc.oneof(fc.constant(""), sentence) }, PLAIN), {
      maxLength: 4,
    }),
    entries: fc.array(
      fc.record({ time, text: fc.oneof(fc.constant(""), sentence, fc.constant("tour de table")) }, PLAIN),
      { maxLength: 4 },
    ),
    workshops: fc.array(
      fc.record(
        {
          title: fc
            .tuple(fc.constantFrom(...TITLE_WORDS.slice(0, 4)), words(TITLE_WORDS, 0, 4))
            .map((parts) => parts.join(" ").trim()),
          facilitator: fc.oneof(fc.constant(null), name),
          report,
        },
        PLAIN,
      ),
      { maxLength: 3 },
    ),
    actions: fc.array(
      fc
        .tuple(
          fc.array(name, { minLength: 1, maxLength: 3 }),
          sentence.filter((text) => !text.endsWith("?")),
        )
        .map(([volunteers, task]) => ({
          text: `${volunteers.join(" et ")} ${volunteers.length > 1 ? "sont" : "est"} OK pour ${task}`,
          volunteers,
        })),
      { maxLength: 3 },
    ),
  },
  PLAIN,
);

describe("writing a draft back", () => {
  it("reads back every draft read from a pad-like text", () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: padLike }, { weight: 1, arbitrary: soup }), (pad) => {
        const draft = draftOf(pad);
        if (draft) assert.deepEqual(parsePad(padText(draft)), draft);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back every draft read from pieces of the seed page, in its order or shuffled", () => {
    const lines = SEED.split("\n");
    const pieces = fc.oneof(
      fc.subarray(lines),
      fc.shuffledSubarray(lines, { maxLength: 60 }),
      fc.array(fc.constantFrom(...lines, "", ""), { maxLength: 60 }),
    );
    fc.assert(
      fc.property(pieces, (picked) => {
        const draft = draftOf(picked.join("\n"));
        if (draft) assert.deepEqual(parsePad(padText(draft)), draft);
      }),
      { numRuns: 500 },
    );
  });

  it("reads back drafts written from scratch in the shapes parsePad gives", () => {
    fc.assert(
      fc.property(draftArbitrary, (draft) => {
        assert.deepEqual(parsePad(padText(draft)), draft);
      }),
      { numRuns: 500 },
    );
  });

  it("writes the attendees after the entry announcing them, or under a line of their own", () => {
    const announced = parsePad("10h : accueil\n10h15 : tour de table\n\nLucie : jardinière\n\n11h :\n");
    assert.deepEqual(announced.entries, [
      { time: "10:00", text: "accueil" },
      { time: "10:15", text: "tour de table" },
      { time: "11:00", text: "" },
    ]);
    assert.match(padText(announced), /10:15 : tour de table\n\n• Lucie : jardinière\n\n11:00 :\n/);
    assert.deepEqual(parsePad(padText(announced)), announced);
    const plain = parsePad("Présentations\n\nLucie : jardinière\nPaul :\n\n10h : accueil\n");
    assert.match(padText(plain), /Tour de présentation\n\n• Lucie : jardinière\n• Paul :\n\n10:00 : accueil/);
    assert.deepEqual(parsePad(padText(plain)), plain);
  });

  it("writes an empty draft as a pad that is not empty", () => {
    const empty = { agenda: [], attendees: [], entries: [], workshops: [], actions: [] };
    assert.deepEqual(parsePad(padText(empty)), empty);
  });
});
