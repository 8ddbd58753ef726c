import { GET } from "../../web/routes.ts";
import { instanceAudit, spaceAudit } from "./pages.tsx";

export const auditRoutes = [
  GET("/journal", instanceAudit),
  GET<{ Params: { slug: string } }>("/espaces/:slug/journal", spaceAudit),
];
