import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import type { IncomingDelivery } from "~/webhooks/delivery-log.server";
import { createWebhookIntake, type WebhookIntakeAdapter } from "~/webhooks/intake.server";

// The intake holds a bounded number of body bytes at once: a delivery waits, unread, until its
// declared length fits, and is refused with 503 when that takes too long. Over a real socket,
// with a made-up platform that accepts everything and a store that answers when told to.

const adapter: WebhookIntakeAdapter = {
  platform: "WOOCOMMERCE",
  endpoints: [{ path: "/hooks/order.created", topic: "order.created" }],
  verify: (request, topic) => ({
    accepted: true,
    delivery: {
      shopDomain: "shop.example",
      topic,
      dedupeKey: request.headers["x-test-id"] ?? "none",
      webhookId: null,
      eventId: null,
      triggeredAt: null,
      apiVersion: null,
      headers: {},
    },
  }),
};

const BUDGET = 100;
const MAX_WAIT_MS = 300;

let server: Server | null = null;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

/** An intake with a small budget whose store holds each delivery until `finish` is called. */
async function start(options: { failing?: boolean } = {}) {
  const recorded: IncomingDelivery[] = [];
  const pending: Array<() => void> = [];
  const intake = createWebhookIntake({
    adapters: [adapter],
    recorder: {
      record: (delivery) =>
        new Promise((resolve, reject) => {
          recorded.push(delivery);
          pending.push(() => (options.failing ? reject(new Error("database away")) : resolve(`id-${recorded.length}`)));
        }),
    },
    onStored: () => {},
    bodyBudget: { bytes: BUDGET, maxWaitMs: MAX_WAIT_MS },
  });
  server = createServer((request, response) => {
    if (!intake.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/order.created`;
  const send = (id: string, bytes: number) =>
    fetch(url, { method: "POST", headers: { "x-test-id": id }, body: "x".repeat(bytes) });
  const finishAll = () => pending.splice(0).forEach((finish) => finish());
  return { recorded, send, finishAll, port: (server.address() as AddressInfo).port };
}

const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the intake's budget of body bytes", () => {
  test("a body that does not fit beside those being stored waits, unread, and is stored after them", async () => {
    const { recorded, send, finishAll } = await start();
    const first = send("1", 60);
    await tick();
    const second = send("2", 60);
    await tick();
    expect(recorded.map((delivery) => delivery.dedupeKey)).toEqual(["1"]);
    finishAll();
    expect((await first).status).toBe(200);
    await tick();
    expect(recorded.map((delivery) => delivery.dedupeKey)).toEqual(["1", "2"]);
    finishAll();
    expect((await second).status).toBe(200);
  });

  test("small bodies that fit together are stored together", async () => {
    const { recorded, send, finishAll } = await start();
    const answers = [send("1", 30), send("2", 30), send("3", 30)];
    await tick();
    expect(recorded).toHaveLength(3);
    finishAll();
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual([200, 200, 200]);
  });

  test("a delivery that waits too long is answered 503 with Retry-After, the connection closed, nothing stored", async () => {
    const { recorded, send, finishAll } = await start();
    const first = send("1", 60);
    await tick();
    const refused = await send("2", 60);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.headers.get("connection")).toBe("close");
    expect(recorded.map((delivery) => delivery.dedupeKey)).toEqual(["1"]);
    finishAll();
    expect((await first).status).toBe(200);
  });

  test("a failed store gives its bytes back", async () => {
    const { recorded, send, finishAll } = await start({ failing: true });
    const failed = send("1", 90);
    await tick();
    finishAll();
    expect((await failed).status).toBe(500);
    const next = send("2", 90);
    await tick();
    expect(recorded).toHaveLength(2);
    finishAll();
    await next;
  });

  test("a sender that goes away while waiting gives its place back", async () => {
    const { recorded, send, finishAll, port } = await start();
    const first = send("1", 90);
    await tick();
    // Declares 90 bytes, then hangs up before any room is free.
    const socket = connect(port, "127.0.0.1");
    socket.write("POST /hooks/order.created HTTP/1.1\r\nHost: x\r\nx-test-id: gone\r\nContent-Length: 90\r\n\r\n");
    await tick();
    socket.destroy();
    await tick();
    finishAll();
    expect((await first).status).toBe(200);
    await tick();
    const next = send("3", 90);
    await tick();
    expect(recorded.map((delivery) => delivery.dedupeKey)).toEqual(["1", "3"]);
    finishAll();
    expect((await next).status).toBe(200);
  });

  test("a body sent without its length reserves the size limit: it waits for every other body", async () => {
    const { recorded, send, finishAll, port } = await start();
    const first = send("1", 10);
    await tick();
    const socket = connect(port, "127.0.0.1");
    socket.write("POST /hooks/order.created HTTP/1.1\r\nHost: x\r\nx-test-id: chunked\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    await tick();
    expect(recorded.map((delivery) => delivery.dedupeKey)).toEqual(["1"]);
    finishAll();
    await first;
    await tick();
    expect(recorded.map((delivery) => delivery.dedupeKey)).toEqual(["1", "chunked"]);
    finishAll();
    socket.destroy();
  });
});
