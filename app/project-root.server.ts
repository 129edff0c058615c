import { existsSync } from "node:fs";
import path from "node:path";

// Files the app reads at run time (migrations, the Remix build) are found from the project's root,
// not from the module's own folder: the same module runs from app/ under tsx and vitest, and from
// build/node/ once compiled (npm run build).

export function projectRootAbove(dir: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, "package.json"))) return current;
    if (path.dirname(current) === current) throw new Error(`No package.json above ${dir}: cannot find the project's root`);
  }
}

export const PROJECT_ROOT = projectRootAbove(import.meta.dirname);
