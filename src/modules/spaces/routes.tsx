import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { DomainError } from "../../core/errors.ts";
import { ErrorSchema, NewSpaceBody, SpaceListItemSchema, SpaceSchema } from "../../web/api-schemas.ts";
import type { FormState } from "../../web/forms.tsx";
import {
  formBody,
  formFailure,
  keptValues,
  redirectWithFlash,
  requirePerson,
  sendPage,
  view,
} from "../../web/http.ts";
import { AboutView, MembersView, NewSpaceView, SpaceView } from "./views.tsx";

type SlugParams = { Params: { slug: string } };
type MemberParams = { Params: { slug: string; id: string } };

const SlugParamsSchema = Type.Object({ slug: Type.String({ maxLength: 60 }) });

export async function spaceRoutes(app: FastifyInstance): Promise<void> {
  const { spaces } = app.communs;

  async function assemblies() {
    return (await spaces.list())
      .filter((s) => s.kind === "assembly")
      .map((s) => ({ slug: s.slug, name: s.name }));
  }

  async function spacePage(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    state?: FormState,
    status = 200,
  ) {
    const { space, membership, canManage } = await spaces.forViewer(request.person, slug);
    const linkedCommons = space.kind === "chamber" ? await app.communs.commons.linkedTo(space.id) : [];
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      space.name,
      <SpaceView
        ctx={ctx}
        space={space}
        membership={membership}
        canManage={canManage}
        state={state}
        linkedCommons={linkedCommons}
      />,
      status,
    );
  }

  app.get("/espaces/nouveau", async (request, reply) => {
    const person = requirePerson(request);
    if (!person.isAdmin) throw new DomainError("FORBIDDEN");
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t("space.new"),
      <NewSpaceView ctx={ctx} assemblies={await assemblies()} />,
    );
  });

  app.post("/espaces", async (request, reply) => {
    try {
      const space = await spaces.create(request.person, formBody(request.body));
      return redirectWithFlash(reply, `/espaces/${space.slug}`, "space.created", { name: space.name });
    } catch (error) {
      const list = await assemblies();
      return formFailure(request, reply, error, (ctx, state) => ({
        title: ctx.t("space.new"),
        body: <NewSpaceView ctx={ctx} assemblies={list} state={state} />,
      }));
    }
  });

  app.get<SlugParams>("/espaces/:slug", async (request, reply) =>
    spacePage(request, reply, request.params.slug),
  );

  app.get<SlugParams>("/espaces/:slug/a-propos", async (request, reply) => {
    const space = await spaces.get(request.params.slug);
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      `${ctx.t("space.about")} · ${space.name}`,
      <AboutView ctx={ctx} space={space} />,
    );
  });

  app.get<SlugParams>("/espaces/:slug/membres", async (request, reply) => {
    const { space, ...members } = await spaces.members(request.person, request.params.slug);
    const ctx = view(request, reply);
    return sendPage(
      reply,
      ctx,
      ctx.t("members.title", { name: space.name }),
      <MembersView
        ctx={ctx}
        space={space}
        active={members.active}
        pending={members.pending}
        canManage={members.canManage}
      />,
    );
  });

  app.post<SlugParams>("/espaces/:slug/rejoindre", async (request, reply) => {
    const { slug } = request.params;
    requirePerson(request);
    try {
      const status = await spaces.join(request.person, slug, formBody(request.body));
      const space = await spaces.get(slug);
      return redirectWithFlash(
        reply,
        `/espaces/${slug}`,
        status === "active" ? "space.joined" : "space.requested",
        { name: space.name },
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "VALIDATION_FAILED") throw error;
      const state = {
        values: keptValues(request.body),
        errors: error.fields,
        message: request.t(`error.${error.code}`),
      };
      return spacePage(request, reply, slug, state, error.status);
    }
  });

  app.post<SlugParams>("/espaces/:slug/quitter", async (request, reply) => {
    const { slug } = request.params;
    await spaces.leave(request.person, slug);
    const space = await spaces.get(slug);
    return redirectWithFlash(reply, `/espaces/${slug}`, "space.left", { name: space.name });
  });

  app.post<MemberParams>("/espaces/:slug/membres/:id/accepter", async (request, reply) => {
    await spaces.decideAdmission(request.person, request.params.slug, request.params.id, "accept");
    return redirectWithFlash(reply, `/espaces/${request.params.slug}/membres`, "members.accepted");
  });

  app.post<MemberParams>("/espaces/:slug/membres/:id/decliner", async (request, reply) => {
    await spaces.decideAdmission(request.person, request.params.slug, request.params.id, "decline");
    return redirectWithFlash(reply, `/espaces/${request.params.slug}/membres`, "members.declined");
  });

  app.post<MemberParams>("/espaces/:slug/membres/:id/role", async (request, reply) => {
    await spaces.setRole(request.person, request.params.slug, request.params.id, formBody(request.body).role);
    return redirectWithFlash(reply, `/espaces/${request.params.slug}/membres`, "members.roleChanged");
  });

  app.get(
    "/api/v1/spaces",
    {
      schema: {
        tags: ["spaces"],
        summary: "Liste des assemblées et des chambres",
        response: { 200: Type.Object({ spaces: Type.Array(SpaceListItemSchema) }) },
      },
    },
    async () => {
      const list = await spaces.list();
      return {
        spaces: list.map((s) => ({
          kind: s.kind,
          slug: s.slug,
          name: s.name,
          summary: s.summary,
          territory: s.territory,
          theme: s.theme,
          assemblySlug: s.assemblySlug,
          memberCount: Number(s.memberCount ?? 0),
        })),
      };
    },
  );

  app.post<{ Body: Static<typeof NewSpaceBody> }>(
    "/api/v1/spaces",
    {
      schema: {
        tags: ["spaces"],
        summary: "Créer un espace (administrateurs de l’instance)",
        security: [{ bearer: [] }],
        body: NewSpaceBody,
        response: {
          201: SpaceSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const space = await spaces.create(request.person, request.body);
      return reply.status(201).send(space);
    },
  );

  app.get<SlugParams>(
    "/api/v1/spaces/:slug",
    {
      schema: {
        tags: ["spaces"],
        summary: "Un espace et ses six propriétés",
        params: SlugParamsSchema,
        response: { 200: SpaceSchema, 404: ErrorSchema },
      },
    },
    async (request) => spaces.get(request.params.slug),
  );

  app.post<SlugParams & { Body: { introduction?: string } }>(
    "/api/v1/spaces/:slug/join",
    {
      // No body at all is a join without introduction, as the schema's optional body says.
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: {
        tags: ["spaces"],
        summary: "Rejoindre une assemblée, ou demander à rejoindre une chambre",
        security: [{ bearer: [] }],
        params: SlugParamsSchema,
        body: Type.Optional(
          Type.Object(
            { introduction: Type.Optional(Type.String({ maxLength: 500 })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({ status: Type.Union([Type.Literal("active"), Type.Literal("pending")]) }),
          400: ErrorSchema,
          401: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request) => ({
      status: await spaces.join(request.person, request.params.slug, request.body ?? {}),
    }),
  );
}
