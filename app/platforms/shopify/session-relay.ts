import type { MessagePort } from "node:worker_threads";
import { Session, type SessionParams } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { z } from "zod";

// Session storage across a thread boundary. A verification thread's shopifyApp() loads (and,
// when it refreshes an expired offline token, stores) sessions; those calls are answered by the
// app's own storage on the main thread, so there is one database client and one session cache.
// Sessions cross as their plain parameters; structured cloning keeps dates and nested objects.

const storageMethods = ["storeSession", "loadSession", "deleteSession", "deleteSessions", "findSessionsByShop"] as const;

const relayRequest = z.object({
  id: z.number().int(),
  method: z.enum(storageMethods),
  argument: z.unknown(),
});

const relayAnswer = z.discriminatedUnion("ok", [
  z.object({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), message: z.string() }),
]);

const sessionParams = z.custom<SessionParams>(
  (value) => typeof value === "object" && value !== null && "id" in value && "shop" in value,
  "not a session",
);

export class SessionRelayError extends Error {
  override name = "SessionRelayError";
}

/** The storage a verification thread hands to shopifyApp(): every call goes to the main thread. */
export class RelayedSessionStorage implements SessionStorage {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly port: MessagePort) {
    port.on("message", (message: unknown) => {
      const answer = relayAnswer.parse(message);
      const call = this.waiting.get(answer.id);
      if (!call) return;
      this.waiting.delete(answer.id);
      if (answer.ok) call.resolve(answer.value);
      else call.reject(new SessionRelayError(answer.message));
    });
    // The thread must be able to end while the port is open.
    port.unref();
  }

  private call(method: (typeof storageMethods)[number], argument: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ id, method, argument });
    });
  }

  async storeSession(session: Session): Promise<boolean> {
    return z.boolean().parse(await this.call("storeSession", session.toObject()));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const params = sessionParams.optional().parse(await this.call("loadSession", id));
    return params && new Session(params);
  }

  async deleteSession(id: string): Promise<boolean> {
    return z.boolean().parse(await this.call("deleteSession", id));
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    return z.boolean().parse(await this.call("deleteSessions", ids));
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return z.array(sessionParams).parse(await this.call("findSessionsByShop", shop)).map((params) => new Session(params));
  }
}

async function answer(storage: SessionStorage, method: (typeof storageMethods)[number], argument: unknown): Promise<unknown> {
  switch (method) {
    case "storeSession":
      return storage.storeSession(new Session(sessionParams.parse(argument)));
    case "loadSession":
      return (await storage.loadSession(z.string().parse(argument)))?.toObject();
    case "deleteSession":
      return storage.deleteSession(z.string().parse(argument));
    case "deleteSessions":
      return storage.deleteSessions(z.array(z.string()).parse(argument));
    case "findSessionsByShop":
      return (await storage.findSessionsByShop(z.string().parse(argument))).map((session) => session.toObject());
  }
}

/** Answers a thread's session calls from `storage` (the main thread's side of the relay). */
export function serveSessions(port: MessagePort, storage: SessionStorage): void {
  port.on("message", (message: unknown) => {
    const parsed = relayRequest.safeParse(message);
    if (!parsed.success) {
      const id = z.object({ id: z.number().int() }).safeParse(message);
      if (id.success) port.postMessage({ id: id.data.id, ok: false, message: `Malformed session call: ${parsed.error.message}` });
      return;
    }
    const request = parsed.data;
    answer(storage, request.method, request.argument).then(
      (value) => port.postMessage({ id: request.id, ok: true, value }),
      (error: unknown) =>
        port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  port.unref();
}
