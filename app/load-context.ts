import type { Runtime } from "~/runtime.server";

// Remix hands every loader, action and the document renderer the load context that the HTTP
// server's request handler makes (server/http-app.ts): the process's runtime, so routes get the
// database, the queue and the Shopify app passed in rather than from a global.
declare module "@remix-run/node" {
  interface AppLoadContext {
    runtime: Runtime;
  }
}
