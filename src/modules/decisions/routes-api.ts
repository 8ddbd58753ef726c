import { GET, POST } from "../../web/routes.ts";
import * as api from "./api.ts";
import * as space from "./api-space.ts";

/** The decisions JSON API (issue 12, item 9), in the OpenAPI document under the tag `decisions`. */
export const decisionApiRoutes = [
  POST("/api/v1/spaces/:slug/proposals", api.createProposal, { schema: api.createProposalSchema }),
  GET("/api/v1/spaces/:slug/proposals", api.register, { schema: api.registerSchema }),
  GET("/api/v1/proposals/:id", api.getProposal, { schema: api.getProposalSchema }),
  POST("/api/v1/proposals/:id/objections", api.object, api.objectOptions),
  POST("/api/v1/proposals/:id/amend", api.amend, api.amendOptions),
  POST("/api/v1/proposals/:id/positions", api.position, api.positionOptions),
  POST("/api/v1/proposals/:id/withdraw", api.withdraw, api.withdrawOptions),
  POST("/api/v1/proposals/:id/comments", api.comment, api.commentOptions),
  POST("/api/v1/objections/:id/withdraw", api.withdrawObjection, api.withdrawObjectionOptions),
  POST("/api/v1/objections/:id/accept", api.acceptObjection, api.acceptObjectionOptions),
  POST("/api/v1/objections/:id/invalidate", api.invalidateObjection, api.invalidateObjectionOptions),

  GET("/api/v1/spaces/:slug/members", space.members, { schema: space.membersSchema }),
  GET("/api/v1/spaces/:slug/requests", space.requests, { schema: space.requestsSchema }),
  POST("/api/v1/spaces/:slug/requests/:id/accept", space.accept, space.acceptOptions),
  POST("/api/v1/spaces/:slug/requests/:id/decline", space.decline, space.declineOptions),
  GET("/api/v1/spaces/:slug/social-code", space.socialCode, { schema: space.socialCodeSchema }),
  POST("/api/v1/spaces/:slug/fork", space.fork, { schema: space.forkSchema }),
];
