#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: there is no build step to forget. The tsconfig is
// named explicitly so that the JSX settings hold whatever directory the command is started from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/main.ts");
