import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { fullTitle } from "../../core/wiki.ts";
import { ErrorSchema } from "../../web/api-schemas.ts";
import { checkSave } from "./service-edit.ts";

// A space's wiki pages over JSON: a page (MediaWiki's fields, imported ids kept), the list of
// titles, creating and editing with the revision the edit starts from (409 on a conflict).

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 60 }) });
const TitleQuery = Type.Object({
  title: Type.Optional(
    Type.String({
      maxLength: 300,
      description:
        "Titre tel qu’on le tape ou encodé comme MediaWiki (Catégorie:Communs_de_Lille, Category:…)",
    }),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

const RevisionOut = Type.Object({
  id: Type.Integer({ description: "Identifiant de version (celui de MediaWiki pour une version importée)" }),
  parentId: Type.Integer({ description: "0 pour la première version" }),
  timestamp: Type.String({ format: "date-time" }),
  user: Type.String({ description: "Nom de l’auteur, ou son adresse IP" }),
  anon: Type.Boolean(),
  minor: Type.Boolean(),
  comment: Type.String(),
  size: Type.Integer({ description: "Octets (UTF-8)" }),
  sha1: Type.String({ description: "SHA-1 du texte en base 36 sur 31 caractères, comme MediaWiki" }),
});

const PageOut = Type.Object({
  title: Type.String(),
  namespace: Type.Integer(),
  redirect: Nullable(Type.Object({ title: Type.String(), fragment: Nullable(Type.String()) })),
  categories: Type.Array(Type.String(), { description: "Catégories rendues, celles des modèles comprises" }),
  links: Type.Array(Type.String(), { description: "Cibles des liens internes" }),
  revisions: Type.Array(RevisionOut),
});

const ListOut = Type.Object({
  pages: Type.Array(
    Type.Object({
      title: Type.String(),
      namespace: Type.Integer(),
      redirect: Type.Boolean(),
      latest: Nullable(Type.Integer()),
    }),
  ),
  offset: Type.Integer(),
  next: Nullable(Type.Integer({ description: "offset de la page suivante" })),
});

export const listOrGetPageSchema = {
  tags: ["pages"],
  summary: "Une page du wiki d’un espace (avec ?title=), ou la liste de ses titres",
  params: SlugParams,
  querystring: TitleQuery,
  response: { 200: Type.Union([PageOut, ListOut]), 400: ErrorSchema, 404: ErrorSchema },
};

type PageRequest = FastifyRequest<{
  Params: Static<typeof SlugParams>;
  Querystring: Static<typeof TitleQuery>;
}>;

export async function listOrGetPage(request: PageRequest) {
  const { pages } = request.server.communs;
  const { slug } = request.params;
  const { title } = request.query;
  if (title === undefined) {
    const offset = request.query.offset ?? 0;
    const limit = request.query.limit ?? 100;
    const rows = await pages.titles(request.person, slug, offset, limit + 1);
    return {
      pages: rows.slice(0, limit).map((r) => ({
        title: fullTitle({ ns: r.namespace, title: r.title }),
        namespace: r.namespace,
        redirect: r.redirect_title !== null,
        latest: r.latest,
      })),
      offset,
      next: rows.length > limit ? offset + limit : null,
    };
  }
  return pageOut(await pages.apiPage(request.person, slug, title));
}

function pageOut(found: Awaited<ReturnType<FastifyRequest["server"]["communs"]["pages"]["apiPage"]>>) {
  const { key, page } = found;
  return {
    title: fullTitle(key),
    namespace: key.ns,
    redirect:
      page.redirect_title === null
        ? null
        : {
            title: fullTitle({ ns: page.redirect_namespace ?? 0, title: page.redirect_title }),
            fragment: page.redirect_fragment,
          },
    categories: found.categories,
    links: found.links.map((l) => fullTitle({ ns: l.namespace, title: l.title })),
    revisions: found.revisions.map((r) => ({
      id: r.number,
      parentId: r.parent ?? 0,
      timestamp: new Date(r.timestamp).toISOString().replace(/\.\d{3}Z$/, "Z"),
      user: r.user_name ?? r.ip ?? "",
      anon: r.user_name === null,
      minor: r.minor === 1,
      comment: r.comment,
      size: r.size,
      sha1: r.sha1,
    })),
  };
}

const PageIn = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 300, description: "Pour POST ; pour PUT, dans ?title=" })),
    text: Type.String({ maxLength: 2_100_000, description: "Markdown, liens [[Titre]]" }),
    baseRevision: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          "La version dont part la modification (PUT) : 409 si une autre a été publiée depuis et que la fusion échoue",
      }),
    ),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    minor: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const SaveOut = Type.Object({
  title: Type.String(),
  revision: Type.Integer(),
  status: Type.Union([Type.Literal("saved"), Type.Literal("merged"), Type.Literal("unchanged")]),
});

export const writePageSchema = {
  tags: ["pages"],
  summary: "Créer (POST) ou modifier (PUT ?title=) une page ; 409 en cas de conflit de modification",
  security: [{ bearer: [] }],
  params: SlugParams,
  querystring: Type.Object({ title: Type.Optional(Type.String({ maxLength: 300 })) }),
  body: PageIn,
  response: {
    200: SaveOut,
    201: SaveOut,
    400: ErrorSchema,
    401: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
    409: ErrorSchema,
  },
};

type WriteRequest = FastifyRequest<{
  Params: Static<typeof SlugParams>;
  Querystring: { title?: string };
  Body: Static<typeof PageIn>;
}>;

async function write(
  request: WriteRequest,
  reply: FastifyReply,
  title: string | undefined,
  creating: boolean,
) {
  if (!title) throw new DomainError("VALIDATION_FAILED", { title: "field.required" });
  const { pages } = request.server.communs;
  const body = request.body;
  const input = checkSave({
    text: body.text,
    comment: body.comment,
    minor: body.minor,
    base: body.baseRevision,
  });
  if (creating) {
    const found = await pages.view(request.person, request.params.slug, title, { redirect: false });
    if (found.page) throw new DomainError("PAGE_EXISTS");
  }
  const result = await pages.save(request.person, request.params.slug, title, input);
  if (result.status === "conflict") throw new DomainError("EDIT_CONFLICT");
  return reply.status(creating ? 201 : 200).send(result);
}

export function createPage(request: WriteRequest, reply: FastifyReply) {
  return write(request, reply, request.body.title, true);
}

export function editPage(request: WriteRequest, reply: FastifyReply) {
  return write(request, reply, request.query.title, false);
}
