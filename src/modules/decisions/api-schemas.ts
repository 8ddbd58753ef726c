import { Type } from "typebox";
import { DECISION_MODES, POSITIONS, PROPOSAL_CLASSES } from "../../core/decisions.ts";
import { ErrorSchema, literals } from "../../web/api-schemas.ts";
import { LIMITS } from "./input.ts";

/** The decisions API's schemas: validation, typed handlers and the OpenAPI document. */

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
export const RequestParams = Type.Object({
  slug: Type.String({ maxLength: 60 }),
  id: Type.String({ maxLength: 60 }),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: "date-time" });

export const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
};

const OUTCOMES = ["adopted", "not adopted", "withdrawn"] as const;
const PHASES = ["questions", "reactions", "objections", "integration", "closed"] as const;
const OBJECTION_STATUSES = ["open", "withdrawn", "integrated", "invalid"] as const;

/** What a settings proposal may change; the rules missing keep their current value. */
const RulesIn = Type.Object(
  {
    modes: Type.Optional(
      Type.Object(
        Object.fromEntries(PROPOSAL_CLASSES.map((c) => [c, Type.Optional(literals(DECISION_MODES))])),
        { additionalProperties: false },
      ),
    ),
    questionsDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    reactionsDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    objectionsDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    onObjection: Type.Optional(literals(["extend", "fail"] as const)),
    extensionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    quorum: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: "Pour cent" })),
    threshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "Pour cent" })),
    reviewMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    participants: Type.Optional(literals(["members", "facilitators"] as const)),
    admission: Type.Optional(literals(["cooptation", "facilitators"] as const)),
  },
  { additionalProperties: false },
);

const PropertiesIn = Type.Object(
  {
    territorial: Type.Boolean(),
    decisionMode: literals(["stigmergy", "consent", "consensus"] as const),
    functions: literals(["discovery_exploration", "securing_dialogue"] as const),
    access: literals(["open", "cooptation"] as const),
    forkPolicy: literals(["avoid", "encouraged"] as const),
    formalisation: literals(["low", "statutes"] as const),
  },
  { additionalProperties: false },
);

export const ProposalIn = Type.Object(
  {
    title: Type.String({ maxLength: LIMITS.title }),
    body: Type.String({
      maxLength: LIMITS.body,
      description: "Markdown ; pour le code social, le texte complet de la nouvelle version",
    }),
    mode: Type.Optional(literals(DECISION_MODES)),
    // general by default; expense and cooptation are refused here (opened by a claim or a request to join).
    class: Type.Optional(literals(PROPOSAL_CLASSES)),
    deadline: Type.Optional(
      Type.String({
        maxLength: 40,
        description: "ISO 8601 avec fuseau (2027-01-31T18:00:00+01:00), dans le futur, à dix ans au plus",
      }),
    ),
    replaces: Type.Optional(Type.String({ maxLength: 60, description: "La décision en vigueur remplacée" })),
    rules: Type.Optional(RulesIn),
    properties: Type.Optional(PropertiesIn),
    doocracyCap: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: "En centimes" }),
    ),
  },
  { additionalProperties: false },
);

export const ProposalRow = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  title: Type.String(),
  class: literals(PROPOSAL_CLASSES),
  mode: literals(DECISION_MODES),
  outcome: Nullable(literals(OUTCOMES)),
  deadline: DateTime,
  decidedAt: Nullable(DateTime),
  reviewDate: Nullable(Type.String({ description: "YYYY-MM-DD" })),
  createdAt: DateTime,
});

const Person = { person: Nullable(Type.String({ description: "Identifiant de la personne" })) };

export const ProposalOut = Type.Object({
  ...ProposalRow.properties,
  state: literals(PHASES),
  proposer: Type.Object({ ...Person, name: Type.String() }),
  version: Type.Integer({ description: "Le numéro de la version en cours" }),
  outcomeNote: Type.String({ description: "Pourquoi elle n’a pas été adoptée (vide sinon)" }),
  meetingId: Nullable(Type.String({ description: "La réunion où elle a été décidée" })),
  replaces: Nullable(Type.String()),
  replacedBy: Nullable(Type.String()),
  participants: literals(["members", "facilitators"] as const),
  participantCount: Type.Integer(),
  space: Type.Object({ slug: Type.String(), name: Type.String() }),
  versions: Type.Array(
    Type.Object({
      number: Type.Integer(),
      body: Type.String({ description: "Markdown" }),
      note: Type.String(),
      createdAt: DateTime,
    }),
  ),
  comments: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: literals(["question", "answer", "reaction"] as const),
      ...Person,
      name: Type.String(),
      text: Type.String(),
      createdAt: DateTime,
    }),
  ),
  objections: Type.Array(
    Type.Object({
      id: Type.String(),
      status: literals(OBJECTION_STATUSES),
      reason: Type.String(),
      harm: Type.String(),
      author: Nullable(Type.String({ description: "Identifiant de la personne" })),
      authorName: Type.String(),
      invalidReason: Type.String(),
      integratingVersion: Nullable(Type.Integer()),
      createdAt: DateTime,
    }),
  ),
  positions: Type.Array(
    Type.Object({ ...Person, name: Type.String(), position: literals(POSITIONS), reason: Type.String() }),
  ),
});

export const ObjectionIn = Type.Object(
  {
    reason: Type.String({ maxLength: LIMITS.reason }),
    harm: Type.Optional(
      Type.String({ maxLength: LIMITS.reason, description: "En quoi elle nuit à l’espace" }),
    ),
  },
  { additionalProperties: false },
);

export const ReasonIn = Type.Object(
  { reason: Type.String({ maxLength: LIMITS.reason }) },
  { additionalProperties: false },
);

export const AmendIn = Type.Object(
  {
    body: Type.String({ maxLength: LIMITS.body, description: "Markdown : le texte complet" }),
    note: Type.Optional(Type.String({ maxLength: 300 })),
    integrates: Type.Optional(
      Type.Array(Type.String({ maxLength: 60 }), {
        maxItems: 100,
        description: "Les objections ouvertes que cette version propose d’intégrer",
      }),
    ),
  },
  { additionalProperties: false },
);

export const PositionIn = Type.Object(
  {
    position: literals(POSITIONS),
    reason: Type.Optional(
      Type.String({ maxLength: LIMITS.reason, description: "Obligatoire pour un blocage" }),
    ),
  },
  { additionalProperties: false },
);

export const CommentIn = Type.Object(
  {
    kind: Type.Optional(literals(["question", "answer", "reaction"] as const)),
    text: Type.String({ maxLength: LIMITS.comment }),
  },
  { additionalProperties: false },
);

export const RegisterQuery = Type.Object(
  {
    status: Type.Optional(literals(["inForce", "open", "all"] as const)),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}$" })),
  },
  { additionalProperties: false },
);

export const RegisterOut = Type.Object({
  space: Type.Object({ slug: Type.String(), name: Type.String() }),
  status: literals(["inForce", "open", "all"] as const),
  q: Type.String(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  count: Type.Integer(),
  proposals: Type.Array(ProposalRow),
});

export const MemberOut = Type.Object({
  id: Type.String({ description: "Identifiant de l’adhésion" }),
  person: Type.String(),
  name: Type.String(),
  role: literals(["member", "facilitator", "treasurer"] as const),
  since: DateTime,
});

export const RequestOut = Type.Object({
  id: Type.String({ description: "Identifiant de l’adhésion demandée" }),
  person: Type.String(),
  name: Type.String(),
  introduction: Type.String(),
  requestedAt: DateTime,
  proposal: Nullable(Type.Object({ id: Type.String(), number: Type.Integer(), deadline: DateTime })),
});

export const SocialCodeOut = Type.Object({
  version: Type.Integer(),
  text: Type.String({ description: "Markdown" }),
  adoptedBy: Nullable(
    Type.String({ description: "La proposition qui l’a adoptée (aucune pour la première)" }),
  ),
  adoptedAt: DateTime,
});

/** A route that takes no body: an empty object, or none at all. */
export const NoBody = Type.Optional(Type.Object({}, { additionalProperties: false }));

export const noBody = async (request: { body: unknown }) => {
  if (request.body === undefined) request.body = {};
};
