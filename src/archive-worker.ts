/** The entry of the worker threads that render the archive's pages (see cli/archive-fetch.ts). */
import { serveFetches } from "./cli/archive-fetch.ts";

await serveFetches();
