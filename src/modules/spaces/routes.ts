import { GET, POST } from "../../web/routes.ts";
import * as api from "./api.ts";
import {
  acceptMember,
  createSpace,
  declineMember,
  editSpace,
  editSpaceForm,
  joinSpace,
  leaveSpace,
  logo,
  newSpaceForm,
  setMemberRole,
  spaceAbout,
  spaceHome,
  spaceMembers,
  uploadLogo,
} from "./pages.tsx";

type Slug = { Params: { slug: string } };
type Member = { Params: { slug: string; id: string } };

export const spaceRoutes = [
  GET("/espaces/nouveau", newSpaceForm),
  POST("/espaces", createSpace),
  GET<Slug>("/espaces/:slug", spaceHome),
  GET<Slug>("/espaces/:slug/a-propos", spaceAbout),
  GET<Slug>("/espaces/:slug/modifier", editSpaceForm),
  POST<Slug>("/espaces/:slug/modifier", editSpace),
  POST<Slug>("/espaces/:slug/logo", uploadLogo, { upload: "files" }),
  GET<{ Params: { file: string } }>("/logos/:file", logo),
  GET<Slug>("/espaces/:slug/membres", spaceMembers),
  POST<Slug>("/espaces/:slug/rejoindre", joinSpace),
  POST<Slug>("/espaces/:slug/quitter", leaveSpace),
  POST<Member>("/espaces/:slug/membres/:id/accepter", acceptMember),
  POST<Member>("/espaces/:slug/membres/:id/decliner", declineMember),
  POST<Member>("/espaces/:slug/membres/:id/role", setMemberRole),

  GET("/api/v1/spaces", api.listSpaces, api.listSpacesSchema),
  POST<api.NewSpace>("/api/v1/spaces", api.createSpace, api.createSpaceSchema),
  GET<Slug>("/api/v1/spaces/:slug", api.getSpace, api.getSpaceSchema),
  POST<api.Join>("/api/v1/spaces/:slug/join", api.joinSpace, api.joinSpaceSchema),
];
