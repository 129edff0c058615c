import { MessageChannel, type Worker } from "node:worker_threads";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { AppConfig } from "~/config/env.server";
import { startThread } from "~/threads/start-thread.server";
import { serveSessions } from "./session-relay";
import type { IncomingWebhook, WebhookVerdict, WebhookVerifier } from "./webhook-verification";

// Shopify's webhook check costs more CPU than everything else an acknowledgement does (header
// handling, WebCrypto, parsing the whole payload), so it runs on threads of its own: the thread
// that accepts connections and stores deliveries stays free, and the intake uses every core.


type ThreadMessage = { ready: true } | { id: number; verdict: WebhookVerdict } | { id: number; failure: string };

interface Pending {
  resolve: (verdict: WebhookVerdict) => void;
  reject: (error: Error) => void;
}

export class VerificationThreadError extends Error {
  override name = "VerificationThreadError";
}

class VerificationThread {
  readonly pending = new Map<number, Pending>();
  readonly ready: Promise<void>;
  private stoppedBy: Error | null = null;
  private readonly worker: Worker;
  private readonly sessionPort: MessageChannel["port1"];

  constructor(shopify: AppConfig["shopify"], sessions: SessionStorage, onStopped: (thread: VerificationThread, error: Error) => void) {
    const channel = new MessageChannel();
    this.sessionPort = channel.port1;
    serveSessions(channel.port1, sessions);
    this.worker = startThread("verification-thread", {
      workerData: { shopify, sessionPort: channel.port2 },
      transferList: [channel.port2],
    });
    let started = false;
    this.ready = new Promise((resolve, reject) => {
      this.worker.on("message", (message: ThreadMessage) => {
        if ("ready" in message) {
          started = true;
          resolve();
          return;
        }
        const call = this.pending.get(message.id);
        if (!call) return;
        this.pending.delete(message.id);
        if ("verdict" in message) call.resolve(message.verdict);
        else call.reject(new VerificationThreadError(message.failure));
      });
      const stop = (error: Error) => {
        if (this.stoppedBy) return;
        this.stoppedBy = error;
        this.sessionPort.close();
        for (const call of this.pending.values()) call.reject(error);
        this.pending.clear();
        if (started) onStopped(this, error);
        else reject(error);
      };
      this.worker.on("error", stop);
      this.worker.on("exit", (code) => stop(new VerificationThreadError(`verification thread exited with code ${code}`)));
    });
    // Nobody may be waiting yet; a failed start is reported to whoever awaits `ready`.
    this.ready.catch(() => {});
  }

  verify(id: number, incoming: IncomingWebhook): Promise<WebhookVerdict> {
    // A thread that could not start stays in the pool; what is sent to it must not wait forever.
    if (this.stoppedBy) return Promise.reject(this.stoppedBy);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The body's buffer is moved, not copied.
      this.worker.postMessage({ id, incoming }, [incoming.body.buffer]);
    });
  }

  async terminate(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
    this.sessionPort.close();
  }
}

/**
 * Verification on `count` threads. A delivery goes to the thread with the fewest in flight; a
 * thread that dies fails its deliveries (they are answered 500, so Shopify sends them again) and
 * is replaced.
 */
export class VerificationThreads implements WebhookVerifier {
  private threads: VerificationThread[];
  private nextId = 0;
  private closed = false;

  constructor(
    count: number,
    private readonly shopify: AppConfig["shopify"],
    private readonly sessions: SessionStorage,
    private readonly log: (message: string) => void = console.error,
  ) {
    if (count < 1) throw new RangeError("VerificationThreads needs at least one thread");
    this.threads = Array.from({ length: count }, () => this.spawn());
  }

  private spawn(): VerificationThread {
    return new VerificationThread(this.shopify, this.sessions, (stopped, error) => {
      if (this.closed) return;
      this.log(`[webhooks] a verification thread stopped (${error.message}); starting another`);
      this.threads = this.threads.map((thread) => (thread === stopped ? this.spawn() : thread));
    });
  }

  /** Resolves when every thread has loaded Shopify's library; rejects if one cannot start. */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.ready));
  }

  verify(incoming: IncomingWebhook): Promise<WebhookVerdict> {
    if (this.closed) return Promise.reject(new VerificationThreadError("webhook verification is closed"));
    let least = this.threads[0]!;
    for (const thread of this.threads) if (thread.pending.size < least.pending.size) least = thread;
    return least.verify(this.nextId++, incoming);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }
}
