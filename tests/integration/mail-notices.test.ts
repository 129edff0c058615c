import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { recordPointsEarnedMail } from "~/core/notifications/mail-notices.server";
import { createMailJobs } from "~/core/notifications/mail-send.job.server";
import { redactCustomer } from "~/core/privacy/privacy.server";
import { JobQueue } from "~/jobs/queue.server";
import { smallShopWithFixtureCustomer } from "../fakes/shopify-dataset";
import { setUpLoyaltyTest, startTestProgram } from "../helpers/loyalty-program";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// The members' e-mail notices: recorded with the change that caused them, sent once through the
// configured SMTP server (a local smtp-server here captures them), retried while the server
// defers, FAILED when it refuses for good, and only recorded when no server is configured.

const ANA = "207119551123456783";
const ORDER = "450789469123456781";
const FROM = "treue@kaffee.example";

interface Captured {
  from: string;
  to: string[];
  raw: string;
}

let smtp: SMTPServer;
let captured: Captured[];
/** The server's answer to each RCPT TO, in turn (an SMTP reply code); accepted once used up. */
let refusals: number[];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const code = refusals.shift();
      if (code === undefined) return callback();
      callback(Object.assign(new Error(code >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        captured.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
});
const t = setUpLoyaltyTest({
  startsAt: new Date("2024-05-15T00:00:00Z"),
  // The orders/create fixture's customer is among the store's, so the tier write-back has someone to write to.
  shop: { dataset: smallShopWithFixtureCustomer },
  runtime: () => ({ env: { CRM_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, CRM_MAIL_FROM: FROM } }),
});
beforeEach(() => {
  captured = [];
  refusals = [];
});

/** The program on, in a shop whose name would be markup if the mails did not escape it. */
async function startProgram(overrides: Partial<ProgramSettings> = {}) {
  const shop = await startTestProgram(t.runtime.db, overrides);
  await t.runtime.db.shop.update({ where: { id: shop.id }, data: { name: "Kaffee & Tee <script>alert(1)</script>" } });
  return shop;
}

/** A captured message's text: soft line breaks joined, quoted-printable bytes decoded. */
function decoded(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, "");
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");
}

const mails = () => t.runtime.db.mailMessage.findMany({ orderBy: { createdAt: "asc" } });

describe("e-mail notices through SMTP", () => {
  test("an order that earns points mails the member once, in their language, from the shop", async () => {
    await startProgram({ tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels: [] } });
    await deliverWebhook("orders/create");
    await t.queue.drain();

    const [mail, ...others] = await mails();
    expect(others).toEqual([]);
    const customer = await t.runtime.db.customer.findFirstOrThrow({ where: { platformId: ANA } });
    expect(mail).toMatchObject({ kind: "points_earned", to: customer.email, status: "SENT", attempts: 1, error: null, customerId: customer.id });
    expect(mail!.sentAt).toBeInstanceOf(Date);
    expect(captured).toHaveLength(1);
    const message = captured[0]!;
    expect(message.from).toBe(FROM);
    expect(message.to).toEqual([customer.email]);
    const text = decoded(message.raw);
    const order = await t.runtime.db.order.findFirstOrThrow({ where: { platformId: ORDER } });
    expect(text).toContain(`${mail!.locale === "de" ? "Bestellung" : "order"} ${order.name}`);
    expect(text).toContain("266");
    // The shop's name is text in the HTML part, never markup.
    const html = text.slice(text.indexOf("Content-Type: text/html"));
    expect(html).not.toContain("<script>");
    expect(html).toContain("Kaffee &amp; Tee &lt;script&gt;");

    // The same change recorded again (a replayed fact, a re-run job) mails nothing new.
    const entry = await t.runtime.db.loyaltyEntry.findFirstOrThrow({ where: { kind: "EARN", orderId: order.id } });
    const member = await t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId: customer.id } });
    await t.runtime.db.$transaction((tx) =>
      recordPointsEarnedMail(tx, member, entry, { id: order.id }, t.clock, t.clock),
    );
    await deliverWebhook("orders/paid");
    await t.queue.drain();
    expect(await mails()).toHaveLength(1);
    expect(captured).toHaveLength(1);
  });

  test("an order paid weeks before it reaches the program earns its points but mails nothing", async () => {
    // The fixture's order was paid on 2024-05-14: a late delivery, a replayed history.
    t.clock = new Date("2024-06-05T00:00:00Z");
    await startProgram({ tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels: [] } });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(await t.runtime.db.loyaltyEntry.count({ where: { kind: "EARN", orderId: { not: null } } })).toBe(1);
    expect(await mails()).toEqual([]);
    expect(captured).toHaveLength(0);
  });

  test("a server that defers gets the mail on a later attempt", async () => {
    await startProgram({ tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels: [] } });
    refusals = [451];
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const [mail] = await mails();
    expect(mail).toMatchObject({ status: "SENT", attempts: 2, error: null });
    expect(captured).toHaveLength(1);
  });

  test("a permanent refusal (5xx) fails the mail at once, with the server's reason", async () => {
    await startProgram({ tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels: [] } });
    refusals = [550];
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const [mail] = await mails();
    expect(mail).toMatchObject({ status: "FAILED", attempts: 1, sentAt: null });
    expect(mail!.error).toMatch(/550.*Mailbox unavailable/);
    expect(captured).toHaveLength(0);
  });

  test("reaching a tier above the first mails the tier and its welcome gift", async () => {
    await startProgram({
      tiers: {
        ...DEFAULT_PROGRAM_SETTINGS.tiers,
        basis: "points",
        levels: [
          { id: "bronze", name: { de: "Bronze", en: "Bronze" }, threshold: 0, multiplier: 1, entryRewardPoints: 0 },
          { id: "silver", name: { de: "Silber", en: "Silver" }, threshold: 100, multiplier: 1.25, entryRewardPoints: 50 },
        ],
      },
    });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const sent = await mails();
    expect(sent.map((mail) => mail.kind).sort()).toEqual(["points_earned", "tier_reached"]);
    const tier = sent.find((mail) => mail.kind === "tier_reached")!;
    expect(tier.text).toMatch(tier.locale === "de" ? /Status Silber.*\n[\s\S]*1,25-Fache[\s\S]*50 Punkte/ : /Silver[\s\S]*1\.25 times[\s\S]*50 points/);
    expect(captured).toHaveLength(2);
  });
});

describe("erasure", () => {
  test("a redacted customer's mails go, and no new ones are recorded for them", async () => {
    const shop = await startProgram({ tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels: [] } });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(await mails()).toHaveLength(1);
    await t.runtime.db.$transaction((tx) => redactCustomer(tx, shop, { customerPlatformId: ANA, email: null, phone: null, orderPlatformIds: [] }));
    expect(await mails()).toEqual([]);
    const entry = await t.runtime.db.loyaltyEntry.findFirstOrThrow({ where: { kind: "EARN", orderId: { not: null } } });
    const member = await t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { id: entry.memberId } });
    await t.runtime.db.$transaction((tx) => recordPointsEarnedMail(tx, member, entry, { id: entry.orderId! }, t.clock, t.clock));
    expect(await mails()).toEqual([]);
  });
});

describe("without an SMTP server", () => {
  test("mails are recorded as DEMO and never sent", async () => {
    const unsent = new JobQueue(t.runtime.db, { concurrency: 1, retryBaseMs: 0, batchSize: 10 }).register({ ...t.runtime.jobHandlers, ...createMailJobs(null) });
    await startProgram({ tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels: [] } });
    await deliverWebhook("orders/create");
    await unsent.drain();
    const [mail, ...others] = await mails();
    expect(others).toEqual([]);
    expect(mail).toMatchObject({ kind: "points_earned", status: "DEMO", sentAt: null });
    expect(mail!.subject).toMatch(/266/);
    expect(captured).toHaveLength(0);
  });
});
