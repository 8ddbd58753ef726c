import { GET, POST } from "../../web/routes.ts";
import * as api from "./api.ts";
import {
  addReceipt,
  approveClaim,
  claimList,
  claimPage,
  claimReceipt,
  editClaim,
  editClaimForm,
  newClaim,
  payClaim,
  rejectClaim,
  submitClaim,
  waiveClaim,
} from "./pages.tsx";

export const claimRoutes = [
  GET("/espaces/:slug/notes-de-frais", claimList),
  GET("/espaces/:slug/notes-de-frais/nouvelle", newClaim),
  POST("/espaces/:slug/notes-de-frais/nouvelle", submitClaim, { upload: "receipt" }),
  GET("/espaces/:slug/notes-de-frais/:claim", claimPage),
  GET("/espaces/:slug/notes-de-frais/:claim/modifier", editClaimForm),
  POST("/espaces/:slug/notes-de-frais/:claim/modifier", editClaim),
  POST("/espaces/:slug/notes-de-frais/:claim/justificatifs", addReceipt, { upload: "receipt" }),
  GET("/espaces/:slug/notes-de-frais/:claim/justificatifs/:receipt", claimReceipt),
  POST("/espaces/:slug/notes-de-frais/:claim/approuver", approveClaim),
  POST("/espaces/:slug/notes-de-frais/:claim/payer", payClaim),
  POST("/espaces/:slug/notes-de-frais/:claim/rejeter", rejectClaim),
  POST("/espaces/:slug/notes-de-frais/:claim/abandonner", waiveClaim),

  GET("/api/v1/spaces/:slug/expense-claims", api.listClaims, { schema: api.listClaimsSchema }),
  POST("/api/v1/spaces/:slug/expense-claims", api.submitClaim, { schema: api.submitClaimSchema }),
  GET("/api/v1/expense-claims/:id", api.getClaim, { schema: api.getClaimSchema }),
  POST("/api/v1/expense-claims/:id/approve", api.approveClaim, api.approveClaimOptions),
  POST("/api/v1/expense-claims/:id/pay", api.payClaim, api.payClaimOptions),
  POST("/api/v1/expense-claims/:id/reject", api.rejectClaim, api.rejectClaimOptions),
  POST("/api/v1/expense-claims/:id/waive", api.waiveClaim, api.waiveClaimOptions),
];
