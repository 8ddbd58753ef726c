import { GET } from "../../web/routes.ts";
import { instanceAudit, spaceActivity, spaceActivityFeed, spaceAudit } from "./pages.tsx";

export const auditRoutes = [
  GET("/journal", instanceAudit),
  GET<{ Params: { slug: string } }>("/espaces/:slug/journal", spaceAudit),
  GET<{ Params: { slug: string } }>("/espaces/:slug/activite", spaceActivity),
  GET<{ Params: { slug: string } }>("/espaces/:slug/activite.atom", spaceActivityFeed),
];
