#!/usr/bin/env node
// Runs the JavaScript that `npm install` compiled into dist/ (scripts/build.js): no TypeScript compiler
// in the process. A dist/ missing or older than its sources is refused with what to do, never run: the
// command does not rebuild it itself, since its folder may be read-only or shared by running servers.
import { ROOT, staleness } from "../scripts/build-state.js";

const problem = staleness();
if (problem) {
  process.stderr.write(
    `communs : ${problem}. Lancez « npm run build » (ou « npm install ») dans ${ROOT}, puis recommencez.\n`,
  );
  process.exit(1);
}
await import("../dist/main.js");
