import { GET } from "../../web/routes.ts";
import { home } from "./pages.tsx";
import { favicon, manifest } from "./site-files.ts";

export const homeRoutes = [
  GET("/", home),
  GET("/favicon.ico", favicon),
  GET("/manifest.webmanifest", manifest),
];
