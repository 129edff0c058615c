import { createServer, type Server } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { PROJECT_ROOT } from "~/project-root.server";
import type { Runtime } from "~/runtime.server";

export const BUILD_DIR = path.join(PROJECT_ROOT, "build");

/**
 * The HTTP side of the app (not yet listening): the runtime's webhook intake, then the Remix app
 * — the production build, or with `live` (npm run dev, which `shopify app dev` runs) compiled on
 * request by Vite with hot reload. Routes get the runtime as their load context.
 */
export async function createHttpServer(runtime: Runtime, options: { live?: boolean } = {}): Promise<Server> {
  const app = await remixApp(runtime, options.live ?? false);
  return createServer((request, response) => {
    if (!runtime.intake.handle(request, response)) app(request, response);
  });
}

async function remixApp(runtime: Runtime, live: boolean) {
  const mode = runtime.config.nodeEnv;
  const getLoadContext = () => ({ runtime });
  const app = express();
  app.disable("x-powered-by");
  if (runtime.config.demo) app.use((await import("~/demo/storefront/router.server")).demoStorefront(runtime));
  if (live) {
    const vite = await import("vite");
    const devServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(devServer.middlewares);
    const build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    app.all("*", createRequestHandler({ build, mode, getLoadContext }));
    return app;
  }
  const build = (await import(path.join(BUILD_DIR, "server/index.js"))) as ServerBuild;
  app.use("/assets", express.static(path.join(BUILD_DIR, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode, getLoadContext }));
  return app;
}
