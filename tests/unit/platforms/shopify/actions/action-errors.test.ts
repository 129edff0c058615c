import { describe, expect, test } from "vitest";
import { PlatformActionError } from "~/core/platform-actions";
import { classifyUserError, failureOf, problemField, toPlatformActionError } from "~/platforms/shopify/actions/action-errors";
import { AdminGraphqlError, AdminUserErrorsError, adminGraphql, type AdminGraphqlClient } from "~/platforms/shopify/admin-graphql.server";
import { z } from "zod";

describe("classifyUserError", () => {
  test.each([
    [{ field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." }, "code_taken"],
    [{ field: ["basicCodeDiscount", "context", "customers", "add"], code: "INVALID", message: "Customer does not exist" }, "not_found"],
    [{ field: ["bxgyCodeDiscount", "customerGets", "items", "products", "productVariantsToAdd"], code: "INVALID", message: "x" }, "not_found"],
    [{ field: ["id"], code: "INVALID", message: "Discount does not exist" }, "not_found"],
    [{ field: ["id"], message: "Resource not found" }, "not_found"],
    [{ field: ["metafields", "0", "ownerId"], code: "INVALID", message: "Owner does not exist." }, "not_found"],
    [{ field: null, code: "NOT_FOUND", message: "not found" }, "not_found"],
    [{ field: ["basicCodeDiscount", "customerGets", "value", "percentage"], code: "VALUE_OUTSIDE_RANGE", message: "x" }, "rejected"],
    [{ field: ["basicCodeDiscount", "code"], code: "TOO_LONG", message: "x" }, "rejected"],
    [{ field: ["metafields", "0", "value"], code: "INVALID_VALUE", message: "x" }, "rejected"],
    [{ field: ["id"], code: "TOO_MANY_ARGUMENTS", message: "x" }, "rejected"],
    [{ field: ["basicCodeDiscount", "title"], code: "TAKEN", message: "x" }, "rejected"],
  ] as const)("%o → %s", (error, failure) => {
    expect(classifyUserError({ ...error, field: error.field ? [...error.field] : null })).toBe(failure);
  });

  test("problems of one kind keep it; mixed problems are rejected", () => {
    const taken = { field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "taken" };
    const unknown = { field: ["basicCodeDiscount", "context", "customers", "add"], code: "INVALID", message: "unknown" };
    const range = { field: ["basicCodeDiscount", "usageLimit"], code: "GREATER_THAN", message: "range" };
    expect(failureOf([taken])).toBe("code_taken");
    expect(failureOf([unknown, unknown])).toBe("not_found");
    expect(failureOf([taken, unknown])).toBe("rejected");
    expect(failureOf([unknown, range])).toBe("rejected");
  });
});

test("problemField drops the mutation's argument name only", () => {
  expect(problemField(["basicCodeDiscount", "context", "customers", "add"], "basicCodeDiscount")).toBe("context.customers.add");
  expect(problemField(["metafields", "1", "value"])).toBe("metafields.1.value");
  expect(problemField(["basicCodeDiscount"], "basicCodeDiscount")).toBe("basicCodeDiscount");
  expect(problemField(null)).toBeNull();
  expect(problemField([])).toBeNull();
});

describe("toPlatformActionError", () => {
  test("userErrors keep field, code and message of each problem", () => {
    const error = toPlatformActionError(
      "createDiscountCode",
      new AdminUserErrorsError("discountCodeBasicCreate", [
        { field: ["basicCodeDiscount", "usageLimit"], code: "GREATER_THAN", message: "Usage limit must be greater than 0" },
        { field: null, code: null, message: "Something else" },
      ]),
      "basicCodeDiscount",
    );
    expect(error).toMatchObject({ action: "createDiscountCode", failure: "rejected", retryable: false });
    expect(error.problems).toEqual([
      { field: "usageLimit", code: "GREATER_THAN", message: "Usage limit must be greater than 0" },
      { field: null, code: null, message: "Something else" },
    ]);
  });

  test.each([
    [new AdminGraphqlError("tagsAdd", "throttled", "gave up after 8 attempts (last: THROTTLED)"), "unavailable"],
    [new AdminGraphqlError("tagsAdd", "unavailable", "gave up after 8 attempts (last: HTTP 503)"), "unavailable"],
    [new AdminGraphqlError("tagsAdd", "unavailable", "gave up after 8 attempts (last: network: ECONNRESET)"), "unavailable"],
    [new AdminGraphqlError("tagsAdd", "graphql", "[INTERNAL_SERVER_ERROR] Internal error"), "unavailable"],
    [new AdminGraphqlError("tagsAdd", "http", "HTTP 403: Forbidden"), "rejected"],
    [new AdminGraphqlError("tagsAdd", "graphql", "[ACCESS_DENIED] Access denied for tagsAdd field."), "rejected"],
    [new AdminGraphqlError("tagsAdd", "shape", "the answer does not have the expected shape"), "rejected"],
  ] as const)("%s → %s", (error, failure) => {
    expect(toPlatformActionError("addCustomerTags", error).failure).toBe(failure);
  });

  test("a PlatformActionError passes unchanged; a programming error is not disguised", () => {
    const original = new PlatformActionError("addCustomerTags", "rejected", []);
    expect(toPlatformActionError("addCustomerTags", original)).toBe(original);
    expect(() => toPlatformActionError("addCustomerTags", new TypeError("bug"))).toThrow(TypeError);
  });

  test("adminGraphql's give-up after 5xx answers reads as unavailable (its wording is what is matched)", async () => {
    const client: AdminGraphqlClient = { graphql: async () => new Response("oops", { status: 502 }) };
    const error = await adminGraphql(client, { operation: "tagsAdd", query: "mutation", schema: z.unknown() }, { maxAttempts: 2, sleep: async () => undefined }).catch(
      (reason: unknown) => reason,
    );
    expect(toPlatformActionError("addCustomerTags", error).failure).toBe("unavailable");
  });
});
