import { GET } from "../../web/routes.ts";
import { home } from "./pages.tsx";

export const homeRoutes = [GET("/", home)];
