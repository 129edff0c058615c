import { describe, expect, test } from "vitest";
import { loadConfig } from "~/config/env.server";
import { mailRecipient, type RecipientCustomer } from "~/core/notifications/recipient";
import { classifyMailFailure } from "~/core/notifications/smtp-failure";

const member: RecipientCustomer = { email: "ana@example.com", locale: "de-CH", isGuest: false, platformId: "1", deletedAt: null, redactedAt: null };

describe("who gets a notice", () => {
  test("a member with an account and an address, in their language", () => {
    expect(mailRecipient(member)).toEqual({ to: "ana@example.com", locale: "de" });
    expect(mailRecipient({ ...member, locale: "en-GB" })?.locale).toBe("en");
  });

  test("an unknown or unspoken language falls back to German", () => {
    expect(mailRecipient({ ...member, locale: null })?.locale).toBe("de");
    expect(mailRecipient({ ...member, locale: "fr" })?.locale).toBe("de");
  });

  test.each([
    ["no address", { email: null }],
    ["a blank address", { email: "  " }],
    ["a guest", { isGuest: true }],
    ["no platform account", { platformId: null }],
    ["a deleted customer", { deletedAt: new Date() }],
    ["a redacted customer", { redactedAt: new Date() }],
  ])("nobody: %s", (_case, change) => {
    expect(mailRecipient({ ...member, ...change })).toBeNull();
  });
});

describe("SMTP failures", () => {
  test("5xx is permanent (nodemailer's flag or the code), with the server's words", () => {
    expect(classifyMailFailure(Object.assign(new Error("Can't send mail"), { responseCode: 550, response: "550 Mailbox unavailable" }))).toEqual({
      permanent: true,
      reason: "550 Mailbox unavailable",
    });
    expect(classifyMailFailure(Object.assign(new Error("x"), { responseCode: 554, permanent: true })).permanent).toBe(true);
  });

  test("4xx, 503, no answer: retried", () => {
    expect(classifyMailFailure(Object.assign(new Error("x"), { responseCode: 451 })).permanent).toBe(false);
    expect(classifyMailFailure(Object.assign(new Error("x"), { responseCode: 503 })).permanent).toBe(false);
    expect(classifyMailFailure(Object.assign(new Error("connect ECONNREFUSED"), { code: "ESOCKET" }))).toEqual({ permanent: false, reason: "connect ECONNREFUSED" });
  });

  test("a long reason is cut", () => {
    expect(classifyMailFailure(new Error("x".repeat(2000))).reason).toHaveLength(501);
  });
});

describe("mail settings", () => {
  const base = { NODE_ENV: "test", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://crm.example", CRM_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };

  test("unset: recorded only", () => {
    expect(loadConfig(base).mail).toBeNull();
  });

  test("a server and a sender address", () => {
    expect(loadConfig({ ...base, CRM_SMTP_URL: "smtps://u:p@mail.example:465", CRM_MAIL_FROM: "crm@shop.example" }).mail).toEqual({
      smtpUrl: "smtps://u:p@mail.example:465",
      from: "crm@shop.example",
    });
  });

  test("a server without a sender, or not an SMTP URL, stops the start", () => {
    expect(() => loadConfig({ ...base, CRM_SMTP_URL: "smtp://mail.example" })).toThrow("CRM_MAIL_FROM");
    expect(() => loadConfig({ ...base, CRM_SMTP_URL: "http://mail.example", CRM_MAIL_FROM: "a@b.example" })).toThrow("CRM_SMTP_URL");
  });

  test("demo mode never sends", () => {
    expect(loadConfig({ NODE_ENV: "test", CRM_DEMO: "1", CRM_SMTP_URL: "smtp://mail.example", CRM_MAIL_FROM: "a@b.example" }).mail).toBeNull();
  });
});
