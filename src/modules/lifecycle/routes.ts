import { GET, POST } from "../../web/routes.ts";
import { lifecyclePage, setLifecycleStage } from "./pages.tsx";

export const lifecycleRoutes = [
  GET("/admin/cycle-de-vie", lifecyclePage),
  POST("/admin/cycle-de-vie", setLifecycleStage),
];
