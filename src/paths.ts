import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's folder, where package.json is. Files shipped beside the code (stylesheets, browser
 * scripts, vendor packages) are found from here and never from `import.meta.url`, because this code runs
 * both from src/ (tests) and bundled into a chunk under dist/ (`npm start`), at another depth.
 */
export const ROOT = packageRoot(path.dirname(fileURLToPath(import.meta.url)));

function packageRoot(folder: string): string {
  if (existsSync(path.join(folder, "package.json"))) return folder;
  const parent = path.dirname(folder);
  if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
  return packageRoot(parent);
}
