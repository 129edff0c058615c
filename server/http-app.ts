import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { shopifyWebhookRouter } from "~/platforms/shopify/webhook-intake.server";

export const BUILD_DIR = path.resolve(import.meta.dirname, "../build");

/** The HTTP side of the app: webhook intake, static assets and the built Remix app. */
export async function createHttpApp(mode: string) {
  const build = (await import(path.join(BUILD_DIR, "server/index.js"))) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.use(shopifyWebhookRouter());
  app.use("/assets", express.static(path.join(BUILD_DIR, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode }));
  return app;
}
