import { GET } from "../../web/routes.ts";
import { transparency, transparencyCsv } from "./pages.tsx";

export const transparencyRoutes = [
  GET("/espaces/:slug/transparence", transparency),
  GET("/espaces/:slug/transparence/mouvements-:year.csv", transparencyCsv),
];
