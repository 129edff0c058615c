import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

// The fault tests start the real server (server/main.ts), which imports the admin's Remix build
// at start. Built here when missing (~10 s); in `npm test` the faults run after the e2e project,
// whose build is then present.

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, "../../..");
  if (existsSync(path.join(root, "build/server/index.js"))) return;
  const build = spawnSync("npx", ["remix", "vite:build"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`Building the admin failed:\n${build.stdout}\n${build.stderr}`);
}
