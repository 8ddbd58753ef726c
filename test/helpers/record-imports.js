// Preloaded with `node --import`: appends the path or URL of every module the process loads, ECMAScript
// and CommonJS, to the file named by RECORD_IMPORTS, so that a test can tell what a command loaded.
// Plain JavaScript: it runs in processes with no TypeScript compiler.
import { appendFileSync } from "node:fs";
import Module, { register } from "node:module";

const file = process.env.RECORD_IMPORTS;
if (file) {
  const hooks = `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(file)}, resolved.url + "\\n");
  return resolved;
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (...args) {
    const resolved = resolveFilename.apply(this, args);
    appendFileSync(file, `${resolved}\n`);
    return resolved;
  };
}
