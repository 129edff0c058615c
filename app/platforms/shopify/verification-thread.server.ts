import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { shopifyApp } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { CachedSessionStorage } from "~/db/cached-session-storage";
import { shopifyAppSettings } from "./app-settings";
import { RelayedSessionStorage } from "./session-relay";
import { verifyWebhook, type IncomingWebhook } from "./webhook-verification";

// A webhook verification thread: its own shopifyApp() with the app's settings, sessions relayed
// to the main thread. It takes {id, incoming} and answers {id, verdict} or {id, failure}.

const threadData = z.object({
  shopify: z.object({ apiKey: z.string(), apiSecret: z.string(), appUrl: z.string(), scopes: z.array(z.string()) }),
  sessionPort: z.custom<MessagePort>((value) => typeof value === "object" && value !== null),
});

const { shopify: settings, sessionPort } = threadData.parse(workerData);
const port = parentPort!;
// Sessions are remembered here too: asking the main thread for every delivery would make each
// verification wait for its event loop.
const shopify = shopifyApp({
  ...shopifyAppSettings(settings),
  sessionStorage: new CachedSessionStorage(new RelayedSessionStorage(sessionPort)),
});

port.on("message", ({ id, incoming }: { id: number; incoming: IncomingWebhook }) => {
  verifyWebhook(shopify.authenticate.webhook, incoming).then(
    (verdict) => port.postMessage({ id, verdict }),
    (error: unknown) => port.postMessage({ id, failure: error instanceof Error ? error.message : String(error) }),
  );
});
port.postMessage({ ready: true });
