import { GET, POST } from "../../web/routes.ts";
import * as api from "./api.ts";
import {
  closeYear,
  createEnvelope,
  fecDownload,
  fundEnvelope,
  reverseTransfer,
  setSiren,
  treasury,
  treasuryTransfer,
} from "./pages.tsx";
import { addCategory, categories, changeCategory } from "./pages-categories.tsx";

export const treasuryRoutes = [
  GET("/espaces/:slug/comptabilite", treasury),
  POST("/espaces/:slug/comptabilite/enveloppes", createEnvelope),
  POST("/espaces/:slug/comptabilite/dotations", fundEnvelope),
  POST("/espaces/:slug/comptabilite/siren", setSiren),
  POST("/espaces/:slug/comptabilite/cloture", closeYear),
  GET("/espaces/:slug/comptabilite/categories", categories),
  POST("/espaces/:slug/comptabilite/categories", addCategory),
  POST("/espaces/:slug/comptabilite/categories/:code", changeCategory),
  GET("/espaces/:slug/comptabilite/mouvements/:id", treasuryTransfer),
  POST("/espaces/:slug/comptabilite/mouvements/:id/contre-passer", reverseTransfer),
  GET("/espaces/:slug/comptabilite/fec", fecDownload),

  GET("/api/v1/spaces/:slug/ledger/fec", api.fec, { schema: api.fecSchema }),
];
