import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startDemoServer, type DemoServer } from "../../../scripts/lib/demo-server";

// One demo app for all browser tests: building and feeding the demo shop is most of their time.
// Tests share its data, so each leaves the shop as a merchant could (re-running a delivery,
// answering a request) and never depends on another test's changes.

declare module "vitest" {
  export interface ProvidedContext {
    demoBaseUrl: string;
    /** The file the server's output goes to, as it comes. */
    demoLogFile: string;
  }
}

let server: DemoServer | undefined;
let logDir: string | undefined;

export async function setup(project: TestProject) {
  logDir = mkdtempSync(path.join(tmpdir(), "crm-e2e-log-"));
  const logFile = path.join(logDir, "server.log");
  server = await startDemoServer({ customers: 150, orders: 450, logFile });
  project.provide("demoBaseUrl", server.baseUrl);
  project.provide("demoLogFile", logFile);
}

export async function teardown() {
  await server?.stop();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
}
