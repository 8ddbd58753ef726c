import { GET, POST, PUT } from "../../web/routes.ts";
import * as api from "./api.ts";
import { oldIndex, wikiGet, wikiPost } from "./pages.tsx";

/**
 * A space's wiki, and the instance's wiki at `/wiki` (MediaWiki's addresses, old `index.php` ones sent
 * on to theirs). Each address names a page or a special page (`Spécial:Historique/…`): pages.tsx
 * dispatches.
 */
export const pageRoutes = [
  GET("/espaces/:slug/wiki", wikiGet),
  GET("/espaces/:slug/wiki/*", wikiGet),
  POST("/espaces/:slug/wiki/*", wikiPost, { upload: "files" }),
  GET("/wiki", wikiGet),
  GET("/wiki/*", wikiGet),
  POST("/wiki/*", wikiPost, { upload: "files" }),
  GET("/index.php", oldIndex),

  GET("/api/v1/spaces/:slug/pages", api.listOrGetPage, { schema: api.listOrGetPageSchema }),
  POST("/api/v1/spaces/:slug/pages", api.createPage, { schema: api.writePageSchema }),
  PUT("/api/v1/spaces/:slug/pages", api.editPage, { schema: api.writePageSchema }),
];
