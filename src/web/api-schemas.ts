import { Type } from "typebox";

/** Schemas shared by the JSON API: validation, typed handlers and the OpenAPI document. */

/** One of a list of strings, typed as their union. */
export const literals = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));

export const ErrorSchema = Type.Object(
  {
    error: Type.String({ description: "Code stable de l’erreur, par exemple SPACE_NOT_FOUND" }),
    message: Type.String({ description: "Message lisible, dans la langue de la personne" }),
    fields: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { $id: "Error" },
);

export const PersonSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  introduction: Type.String(),
  language: Type.Union([Type.Literal("fr"), Type.Literal("en")]),
  isAdmin: Type.Boolean(),
});

const Properties = Type.Object({
  territorial: Type.Boolean(),
  decisionMode: Type.Union([Type.Literal("stigmergy"), Type.Literal("consent"), Type.Literal("consensus")]),
  functions: Type.Union([Type.Literal("discovery_exploration"), Type.Literal("securing_dialogue")]),
  access: Type.Union([Type.Literal("open"), Type.Literal("cooptation")]),
  forkPolicy: Type.Union([Type.Literal("avoid"), Type.Literal("encouraged")]),
  formalisation: Type.Union([Type.Literal("low"), Type.Literal("statutes")]),
});

const SpaceKind = Type.Union([Type.Literal("assembly"), Type.Literal("chamber")]);

/** What a space shows in a list and in full alike. */
const spaceFields = {
  kind: SpaceKind,
  slug: Type.String(),
  name: Type.String(),
  summary: Type.String(),
  territory: Type.Union([Type.String(), Type.Null()]),
  theme: Type.Union([Type.String(), Type.Null()]),
};

export const SpaceSchema = Type.Object({
  id: Type.String(),
  ...spaceFields,
  assembly: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  properties: Properties,
  createdAt: Type.String({ format: "date-time" }),
});

export const SpaceListItemSchema = Type.Object({
  ...spaceFields,
  assemblySlug: Type.Union([Type.String(), Type.Null()]),
  memberCount: Type.Integer(),
});

export const NewSpaceBody = Type.Object(
  {
    kind: SpaceKind,
    name: Type.String({ minLength: 1, maxLength: 120 }),
    slug: Type.Optional(Type.String({ maxLength: 60 })),
    summary: Type.Optional(Type.String({ maxLength: 300 })),
    territory: Type.Optional(Type.String({ maxLength: 120 })),
    theme: Type.Optional(Type.String({ maxLength: 120 })),
    assembly: Type.Optional(
      Type.String({ maxLength: 60, description: "Slug de l’assemblée liée (chambres)" }),
    ),
  },
  { additionalProperties: false },
);
