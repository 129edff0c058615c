import { describe, expect, test } from "vitest";
import { OrderNotSyncedError } from "~/core/orders/order-sync.server";
import { de } from "~/i18n/de";
import { failureReasonKeys, webhookTopicLabel } from "~/i18n/delivery-labels";
import { en } from "~/i18n/en";
import { createTranslator } from "~/i18n/translate";
import { describeFailure } from "~/jobs/failure-kind";
import { parseShopifyJson } from "~/platforms/shopify/lossless-json";
import { mapShopifyWebhook, SHOPIFY_WEBHOOK_TOPICS } from "~/platforms/shopify/map-webhook";
import { FAILURE_REASON_CODES, failureReason, problemKindKey, type FailureReasonCode } from "~/webhooks/failure-reasons";
import { replaceAll, shopifyFixture } from "../../helpers/fixtures";

// Stored errors are made here the way the pipeline makes them: describeFailure() over the error
// shapes the driver stack throws (with messages PostgreSQL 15 gave for the same statements), and
// the message of what the Shopify mapper throws (a parked delivery stores error.message).

/** node-postgres' DatabaseError, as it reaches describeFailure. */
function pgError(code: string, message: string) {
  return Object.assign(new Error(message), { name: "error", code, severity: "ERROR" });
}
/** Prisma's driver adapter error around it (model queries). */
function adapterError(code: string, message: string) {
  return Object.assign(new Error("DriverAdapterError"), {
    name: "DriverAdapterError",
    cause: { originalCode: code, originalMessage: message, kind: "postgres", code, severity: "ERROR", message },
  });
}

/** What the mapper says about a Shopify delivery, as the delivery stores it. */
function mappingError(topic: string, body: string): string {
  try {
    mapShopifyWebhook({ topic, payload: parseShopifyJson(body), shopCurrency: "EUR", triggeredAt: new Date("2024-05-14T08:00:00Z") });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${topic} mapped without an error`);
}

describe("database refusals", () => {
  test.each<[string, string, string, FailureReasonCode]>([
    ["NUL byte in text", "22021", 'invalid byte sequence for encoding "UTF8": 0x00', "invalidText"],
    ["\\u0000 in jsonb", "22P05", "unsupported Unicode escape sequence", "invalidText"],
    ["integer overflow", "22003", 'value "9999999999" is out of range for type integer', "numberTooLarge"],
    ["bigint overflow", "22003", "bigint out of range", "numberTooLarge"],
    ["numeric overflow", "22003", "numeric field overflow", "numberTooLarge"],
    ["impossible date", "22008", 'date/time field value out of range: "2024-02-30"', "invalidValue"],
    ["bad number text", "22P02", 'invalid input syntax for type bigint: "12a"', "invalidValue"],
    ["duplicate key", "23505", 'duplicate key value violates unique constraint "Order_shopId_platformId_key"', "duplicate"],
    ["missing parent", "23503", 'insert or update on table "LineItem" violates foreign key constraint "LineItem_orderId_fkey"', "brokenReference"],
    ["missing value", "23502", 'null value in column "currency" of relation "Order" violates not-null constraint', "dataConflict"],
    ["check", "23514", 'new row for relation "Order" violates check constraint "Order_total_check"', "dataConflict"],
    ["unknown column", "42703", 'column "nosuchcol" does not exist', "appFault"],
    ["no permission", "42501", 'permission denied for table "Order"', "appFault"],
    ["admin shutdown", "57P01", "terminating connection due to administrator command", "databaseUnavailable"],
    ["too many clients", "53300", "sorry, too many clients already", "databaseUnavailable"],
    ["deadlock", "40P01", "deadlock detected", "databaseUnavailable"],
    ["connection failure", "08006", "connection failure", "databaseUnavailable"],
    ["a class no rule names", "XX000", "internal error", "unknown"],
  ])("%s (%s) → %s", (_, sqlstate, message, code) => {
    for (const error of [pgError(sqlstate, message), adapterError(sqlstate, message)]) {
      expect(failureReason(describeFailure(error))).toEqual({ code, fields: [], order: null });
    }
  });

  test("a message that itself holds parentheses or line breaks is still read by its SQLSTATE", () => {
    const text = describeFailure(pgError("22021", 'invalid byte sequence (in "name")\nfor encoding "UTF8": 0x00'));
    expect(failureReason(text).code).toBe("invalidText");
  });
});

describe("payloads the app could not read", () => {
  test("a field of the wrong type is named", () => {
    const error = mappingError("orders/paid", replaceAll(shopifyFixture("orders/paid"), '"id": 450789469123456805,', '"id": "not-an-id",'));
    expect(error).toMatch(/^Invalid Shopify orders\/paid payload: id: /);
    expect(failureReason(error)).toEqual({ code: "unreadablePayload", fields: ["id"], order: null });
  });

  test("several fields are all named, once each, nested paths as written", () => {
    const body = replaceAll(
      replaceAll(shopifyFixture("orders/create"), '"id": 450789469123456781,', '"id": true,'),
      '"quantity": 2,',
      '"quantity": "zwei",',
    );
    const { code, fields } = failureReason(mappingError("orders/create", body));
    expect(code).toBe("unreadablePayload");
    expect(fields).toEqual(expect.arrayContaining(["id", "line_items[0].quantity"]));
    expect(fields.length).toBe(new Set(fields).size);
    expect(fields.every((field) => !/\s/.test(field))).toBe(true);
  });

  test("a payload that is not an object at all names no field", () => {
    const error = mappingError("customers/create", "[]");
    expect(error).toMatch(/\(root\)/);
    expect(failureReason(error)).toEqual({ code: "unreadablePayload", fields: [], order: null });
  });

  test.each([
    ["not JSON", "{\"id\": 1,"],
    ["a duplicate key", '{"id": 1, "id": 2}'],
  ])("malformed JSON (%s) is unreadable, without fields", (_, body) => {
    let message = "";
    try {
      parseShopifyJson(body);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Malformed JSON in Shopify payload/);
    expect(failureReason(message)).toEqual({ code: "unreadablePayload", fields: [], order: null });
  });

  test("a topic the adapter does not map, and a platform without a decoder", () => {
    let message = "";
    try {
      mapShopifyWebhook({ topic: "carts/create", payload: {}, shopCurrency: "EUR", triggeredAt: null });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(failureReason(message).code).toBe("unsupportedTopic");
    expect(failureReason("No decoder for WOOCOMMERCE deliveries").code).toBe("unsupportedTopic");
  });
});

describe("failures that were retried", () => {
  test("a refund before its order names the order", () => {
    expect(failureReason(describeFailure(new OrderNotSyncedError("450789469123456805")))).toEqual({
      code: "orderNotSynced",
      fields: [],
      order: "450789469123456805",
    });
  });

  test.each([
    "Error: connect ECONNREFUSED 127.0.0.1:5432",
    "Error: read ECONNRESET",
    "Error: Connection terminated unexpectedly",
    "Error: timeout exceeded when trying to connect",
    "PrismaClientKnownRequestError: Transaction API error: Unable to start a transaction in the given time.",
    "PrismaClientInitializationError: Can't reach database server at `127.0.0.1:5432`",
    "PrismaClientKnownRequestError: Timed out fetching a new connection from the connection pool.",
  ])("%s: the database was unreachable", (error) => {
    expect(failureReason(describeFailure(new Error(error.replace(/^\w+: /, "")))).code).toBe("databaseUnavailable");
    expect(failureReason(error).code).toBe("databaseUnavailable");
  });

  test.each([
    null,
    "",
    "   ",
    "TypeError: Cannot read properties of undefined (reading 'id')",
    "PermanentJobError: Gave up after 202 attempts (lease expired)",
    "shopCurrency must be an ISO 4217 code, got \"\"",
    // Words of a known error in another place do not make it that error.
    "Error: the text 'Invalid Shopify orders/paid payload: id: x' appeared in a log",
  ])("%j is unknown: the page shows the technical text", (error) => {
    expect(failureReason(error)).toEqual({ code: "unknown", fields: [], order: null });
  });
});

describe("words for reasons and topics", () => {
  test("every reason has a title, an explanation and an action in both languages, each different", () => {
    for (const code of FAILURE_REASON_CODES) {
      const keys = failureReasonKeys(code);
      for (const messages of [en, de]) {
        const texts = [messages[keys.title], messages[keys.explain], messages[keys.action]];
        expect(new Set(texts).size).toBe(3);
        expect(texts.every((text) => text.length > 10)).toBe(true);
      }
      expect(de[keys.explain]).not.toBe(en[keys.explain]);
    }
  });

  test("every topic the Shopify adapter maps has words; an unknown one is shown as sent", () => {
    const t = createTranslator("de");
    for (const topic of SHOPIFY_WEBHOOK_TOPICS) expect(webhookTopicLabel(t, topic)).not.toBe(topic);
    expect(webhookTopicLabel(t, "customers/create")).toBe("Kunde angelegt");
    expect(webhookTopicLabel(createTranslator("en"), "refunds/create")).toBe("Refund issued");
    expect(webhookTopicLabel(t, "carts/create")).toBe("carts/create");
  });

  test("kinds of one topic with different reasons, and of different topics, are different kinds", () => {
    expect(problemKindKey("orders/paid", "invalidText")).not.toBe(problemKindKey("orders/paid", "numberTooLarge"));
    expect(problemKindKey("orders/paid", "invalidText")).not.toBe(problemKindKey("orders/create", "invalidText"));
  });
});
