import { fileURLToPath } from "node:url";

/**
 * A verbatim copy of ../shared/fixtures/mediawiki (a MediaWiki 1.39 export made by MediaWiki itself,
 * with its API oracle; see its README), kept in the repository so that the suite runs from any clone.
 */
export const MEDIAWIKI_FIXTURES = fileURLToPath(new URL("../fixtures/mediawiki/", import.meta.url));
