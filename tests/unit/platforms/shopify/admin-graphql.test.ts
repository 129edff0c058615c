import { GraphqlQueryError, HttpInternalError, HttpResponseError, HttpThrottlingError } from "@shopify/shopify-api";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  adminGraphql,
  AdminGraphqlError,
  AdminUserErrorsError,
  throwOnUserErrors,
  type AdminGraphqlClient,
} from "~/platforms/shopify/admin-graphql.server";

const THROTTLED_BODY = {
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
  extensions: { cost: { requestedQueryCost: 300, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 100, restoreRate: 100 } } },
};

function scripted(answers: Array<() => Response | Promise<Response>>) {
  const calls: Array<{ query: string; variables: unknown }> = [];
  const client: AdminGraphqlClient = {
    async graphql(query, options) {
      calls.push({ query, variables: options?.variables });
      const next = answers.shift();
      if (!next) throw new Error("no more answers");
      return next();
    },
  };
  return { client, calls };
}
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

const request = { operation: "shop", query: "query { shop { name } }", schema: z.object({ shop: z.object({ name: z.string() }) }) };

describe("adminGraphql", () => {
  test("validates data with the schema", async () => {
    const { client, calls } = scripted([() => json({ data: { shop: { name: "Alpine" } } })]);
    await expect(adminGraphql(client, { ...request, variables: { a: 1 } })).resolves.toEqual({ shop: { name: "Alpine" } });
    expect(calls).toEqual([{ query: request.query, variables: { a: 1 } }]);
  });

  test("waits out THROTTLED answers as long as the bucket needs", async () => {
    const waits: number[] = [];
    const { client } = scripted([() => json(THROTTLED_BODY), () => json(THROTTLED_BODY), () => json({ data: { shop: { name: "Alpine" } } })]);
    const result = await adminGraphql(client, request, { sleep: async (ms) => void waits.push(ms) });
    expect(result.shop.name).toBe("Alpine");
    // 200 points missing at 100/s: 2 s, plus a margin that grows on repeats.
    expect(waits).toEqual([2250, 2500]);
  });

  test("the official client's thrown errors are recognised: GraphqlQueryError (THROTTLED), 429, 5xx", async () => {
    const waits: number[] = [];
    const throttled = new GraphqlQueryError({
      message: "Throttled",
      response: {} as Record<string, unknown>,
      headers: {},
      body: { ...THROTTLED_BODY, errors: { networkStatusCode: 200, message: "GraphQL Client: An error occurred", graphQLErrors: THROTTLED_BODY.errors } },
    });
    const http429 = new HttpThrottlingError({ message: "Shopify is throttling requests", code: 429, statusText: "Too Many Requests", retryAfter: 1.5 });
    const http503 = new HttpInternalError({ message: "Shopify internal error", code: 503, statusText: "Service Unavailable" });
    const { client } = scripted([
      () => { throw throttled; },
      () => { throw http429; },
      () => { throw http503; },
      () => json({ data: { shop: { name: "Alpine" } } }),
    ]);
    await expect(adminGraphql(client, request, { sleep: async (ms) => void waits.push(ms) })).resolves.toEqual({ shop: { name: "Alpine" } });
    expect(waits).toEqual([2250, 1500, 4000]);
  });

  test("HTTP 429 and 5xx Responses are retried; other HTTP errors are not", async () => {
    const waits: number[] = [];
    const { client } = scripted([() => json({}, 429, { "retry-after": "2" }), () => json({}, 502), () => json({ data: { shop: { name: "A" } } })]);
    await adminGraphql(client, request, { sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([2000, 2000]);

    const unauthorized = scripted([() => json({ errors: "[API] Invalid API key or access token" }, 401)]);
    await expect(adminGraphql(unauthorized.client, request, { sleep: async () => {} })).rejects.toThrow(/shop: HTTP 401/);
    const forbidden = scripted([() => { throw new HttpResponseError({ message: "Forbidden", code: 403, statusText: "Forbidden" }); }]);
    await expect(adminGraphql(forbidden.client, request, { sleep: async () => {} })).rejects.toMatchObject({ kind: "http" });
  });

  test("gives up after maxAttempts, saying why: throttled, or unavailable after server trouble", async () => {
    const { client } = scripted(Array.from({ length: 3 }, () => () => json(THROTTLED_BODY)));
    const throttled = adminGraphql(client, request, { maxAttempts: 3, sleep: async () => {} });
    await expect(throttled).rejects.toThrow(/shop: gave up after 3 attempts \(last: THROTTLED\)/);
    await expect(throttled).rejects.toMatchObject({ kind: "throttled" });
    const down = scripted(Array.from({ length: 2 }, () => () => json({}, 503)));
    await expect(adminGraphql(down.client, request, { maxAttempts: 2, sleep: async () => {} })).rejects.toMatchObject({ kind: "unavailable" });
  });

  test("other GraphQL errors and unexpected shapes fail at once with Shopify's words", async () => {
    const graphqlError = scripted([() => json({ errors: [{ message: "Field 'nope' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } }] })]);
    await expect(adminGraphql(graphqlError.client, request)).rejects.toThrow("Shopify Admin API shop: [undefinedField] Field 'nope' doesn't exist on type 'Shop'");
    const wrongShape = scripted([() => json({ data: { shop: { name: 42 } } })]);
    await expect(adminGraphql(wrongShape.client, request)).rejects.toMatchObject({ kind: "shape" });
    const notJson = scripted([() => new Response("<html>", { status: 200 })]);
    await expect(adminGraphql(notJson.client, request)).rejects.toBeInstanceOf(AdminGraphqlError);
  });

  test("userErrors are surfaced with code, field and message", () => {
    expect(() => throwOnUserErrors("bulkOperationRunQuery", [])).not.toThrow();
    let error: unknown;
    try {
      throwOnUserErrors("bulkOperationRunQuery", [{ field: ["query"], message: "Invalid bulk query", code: "INVALID" }]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AdminUserErrorsError);
    expect((error as Error).message).toBe("Shopify Admin API bulkOperationRunQuery: [INVALID] query: Invalid bulk query");
    expect((error as AdminUserErrorsError).userErrors).toHaveLength(1);
  });
});
