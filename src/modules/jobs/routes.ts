import { GET, POST } from "../../web/routes.ts";
import { failedJobs, retryJob } from "./pages.tsx";

export const jobRoutes = [
  GET("/taches-en-echec", failedJobs),
  POST<{ Params: { id: string } }>("/taches-en-echec/:id/reessayer", retryJob),
];
