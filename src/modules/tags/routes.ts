import { GET, POST } from "../../web/routes.ts";
import { apiVocabulary, apiVocabularyOptions } from "./api.ts";
import {
  createFamily,
  createTag,
  deleteTag,
  mergeTag,
  saveTag,
  tagPage,
  updateFamily,
  vocabulary,
} from "./pages.tsx";

/**
 * The tag vocabulary of an assembly's directory. Family ids are UUIDs (the pattern in their address):
 * `/etiquettes/familles/fusionner` is then the merge of a free tag called "familles".
 */
export const tagRoutes = [
  GET("/espaces/:slug/etiquettes", vocabulary),
  POST("/espaces/:slug/etiquettes", createTag),
  POST("/espaces/:slug/etiquettes/familles", createFamily),
  POST(
    "/espaces/:slug/etiquettes/familles/:id([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",
    updateFamily,
  ),
  GET("/espaces/:slug/etiquettes/:tag", tagPage),
  POST("/espaces/:slug/etiquettes/:tag", saveTag),
  POST("/espaces/:slug/etiquettes/:tag/fusionner", mergeTag),
  POST("/espaces/:slug/etiquettes/:tag/supprimer", deleteTag),

  GET("/api/v1/spaces/:slug/tags", apiVocabulary, apiVocabularyOptions),
];
