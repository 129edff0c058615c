import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import { exponentialBackoffMs, throttleDelayMs, type ThrottleInfo } from "./throttle";

// One door to the Admin GraphQL API for jobs: answers are validated with zod, throttling and
// passing server trouble are waited out, and everything else fails with a message that says what
// Shopify said. The client is the official one (the `admin` of `unauthenticated.admin` or
// `authenticate.admin`); it is typed by shape only, so tests can hand in one aimed at a fake.

export interface AdminGraphqlClient {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

/** `throttled` and `unavailable`: Shopify stayed throttled, or server or network trouble outlasted the retries. */
export type AdminFailureKind = "graphql" | "http" | "network" | "shape" | "userErrors" | "throttled" | "unavailable";

export class AdminGraphqlError extends Error {
  override name = "AdminGraphqlError";
  constructor(
    readonly operation: string,
    readonly kind: AdminFailureKind,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Shopify Admin API ${operation}: ${detail}`, options);
  }
}

export interface AdminUserError {
  field?: string[] | null | undefined;
  message: string;
  code?: string | null | undefined;
}

/** A mutation Shopify refused for a reason it names (userErrors). Retrying unchanged won't help. */
export class AdminUserErrorsError extends AdminGraphqlError {
  override name = "AdminUserErrorsError";
  constructor(
    operation: string,
    readonly userErrors: readonly AdminUserError[],
  ) {
    super(
      operation,
      "userErrors",
      userErrors
        .map((error) => `${error.code ? `[${error.code}] ` : ""}${error.field?.length ? `${error.field.join(".")}: ` : ""}${error.message}`)
        .join("; "),
    );
  }
}

export function throwOnUserErrors(operation: string, userErrors: readonly AdminUserError[]): void {
  if (userErrors.length > 0) throw new AdminUserErrorsError(operation, userErrors);
}

export const userErrorSchema = z.object({
  field: z.array(z.string()).nullish(),
  message: z.string(),
  code: z.string().nullish(),
});

const throttleStatusSchema = z.object({
  maximumAvailable: z.number(),
  currentlyAvailable: z.number(),
  restoreRate: z.number(),
});

const costSchema = z
  .object({
    requestedQueryCost: z.number().nullish(),
    actualQueryCost: z.number().nullish(),
    throttleStatus: throttleStatusSchema.nullish(),
  })
  .nullish();

const graphqlErrorSchema = z.object({
  message: z.string(),
  extensions: z.looseObject({ code: z.string().optional() }).nullish(),
});

const bodySchema = z.looseObject({
  data: z.unknown().optional(),
  errors: z.array(graphqlErrorSchema).optional(),
  extensions: z.looseObject({ cost: costSchema }).nullish(),
});

export interface AdminRequest<T> {
  /** Named in error messages and logs. */
  operation: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Validates `data`. */
  schema: z.ZodType<T>;
}

export interface AdminCallOptions {
  /** Attempts in all, throttled ones included. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<unknown>;
  log?: (message: string) => void;
}

interface Retry {
  retry: true;
  waitMs: number;
  reason: string;
}
type Outcome<T> = { retry: false; data: T } | Retry;

function throttledAnswer(errors: Array<z.infer<typeof graphqlErrorSchema>> | undefined): boolean {
  return (errors ?? []).some((error) => error.extensions?.code === "THROTTLED");
}

function describeErrors(errors: Array<z.infer<typeof graphqlErrorSchema>>): string {
  return errors.map((error) => (error.extensions?.code ? `[${error.extensions.code}] ${error.message}` : error.message)).join("; ");
}

function throttleInfo(extensions: unknown): ThrottleInfo {
  const cost = z.looseObject({ cost: costSchema }).safeParse(extensions);
  return {
    requestedQueryCost: cost.success ? cost.data.cost?.requestedQueryCost : undefined,
    throttleStatus: cost.success ? cost.data.cost?.throttleStatus : undefined,
  };
}

function parseRetryAfter(value: unknown): number | undefined {
  const seconds = typeof value === "number" ? value : typeof value === "string" ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(seconds) ? seconds : undefined;
}

/**
 * The official client reports failures by throwing: GraphqlQueryError (GraphQL errors, with the
 * parsed body) and HttpResponseError subclasses (response.code, response.retryAfter). They are
 * recognised by shape, not class, so a second copy of the library cannot break the check.
 */
function classifyThrown<T>(operation: string, error: unknown, attempt: number): Outcome<T> {
  const candidate = error as {
    body?: { errors?: { graphQLErrors?: unknown }; extensions?: unknown };
    response?: { code?: unknown; retryAfter?: unknown };
  } | null;
  const graphQLErrors = z.array(graphqlErrorSchema).safeParse(candidate?.body?.errors?.graphQLErrors);
  if (graphQLErrors.success && graphQLErrors.data.length > 0) {
    if (throttledAnswer(graphQLErrors.data)) {
      return {
        retry: true,
        waitMs: throttleDelayMs(throttleInfo(candidate?.body?.extensions), attempt),
        reason: "THROTTLED",
      };
    }
    throw new AdminGraphqlError(operation, "graphql", describeErrors(graphQLErrors.data), { cause: error });
  }
  const code = typeof candidate?.response?.code === "number" ? candidate.response.code : undefined;
  if (code === 429) {
    return {
      retry: true,
      waitMs: throttleDelayMs({ retryAfterSeconds: parseRetryAfter(candidate?.response?.retryAfter) }, attempt),
      reason: "HTTP 429",
    };
  }
  if (code !== undefined && code >= 500) {
    return { retry: true, waitMs: exponentialBackoffMs(attempt), reason: `HTTP ${code}` };
  }
  if (code !== undefined) {
    throw new AdminGraphqlError(operation, "http", `HTTP ${code}: ${(error as Error).message}`, { cause: error });
  }
  // No HTTP status at all: the request never got an answer (DNS, reset, timeout).
  return { retry: true, waitMs: exponentialBackoffMs(attempt), reason: `network: ${(error as Error)?.message ?? String(error)}` };
}

async function classifyResponse<T>(request: AdminRequest<T>, response: Response, attempt: number): Promise<Outcome<T>> {
  const { operation } = request;
  if (response.status === 429) {
    return {
      retry: true,
      waitMs: throttleDelayMs({ retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")) }, attempt),
      reason: "HTTP 429",
    };
  }
  if (response.status >= 500) return { retry: true, waitMs: exponentialBackoffMs(attempt), reason: `HTTP ${response.status}` };
  if (!response.ok) throw new AdminGraphqlError(operation, "http", `HTTP ${response.status}`);
  let json: unknown;
  try {
    // GraphQL scalars that could lose precision (ID, Money, UnsignedInt64) arrive as strings.
    json = await response.json();
  } catch (cause) {
    throw new AdminGraphqlError(operation, "shape", "the answer is not JSON", { cause });
  }
  const body = bodySchema.safeParse(json);
  if (!body.success) throw new AdminGraphqlError(operation, "shape", `unexpected answer: ${body.error.message}`);
  const { errors, data, extensions } = body.data;
  if (errors && errors.length > 0) {
    if (throttledAnswer(errors)) {
      return { retry: true, waitMs: throttleDelayMs(throttleInfo(extensions), attempt), reason: "THROTTLED" };
    }
    throw new AdminGraphqlError(operation, "graphql", describeErrors(errors));
  }
  const parsed = request.schema.safeParse(data);
  if (!parsed.success) {
    throw new AdminGraphqlError(operation, "shape", `the answer does not have the expected shape: ${z.prettifyError(parsed.error)}`);
  }
  return { retry: false, data: parsed.data };
}

/** Runs one GraphQL operation to a validated `data`, waiting out throttling and 5xx answers. */
export async function adminGraphql<T>(
  client: AdminGraphqlClient,
  request: AdminRequest<T>,
  options: AdminCallOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  let last: Retry | null = null;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    let outcome: Outcome<T>;
    try {
      const response = await client.graphql(request.query, request.variables ? { variables: request.variables } : undefined);
      outcome = await classifyResponse(request, response, attempt);
    } catch (error) {
      if (error instanceof AdminGraphqlError) throw error;
      outcome = classifyThrown<T>(request.operation, error, attempt);
    }
    if (!outcome.retry) return outcome.data;
    last = outcome;
    if (attempt < maxAttempts) {
      options.log?.(`${request.operation}: ${outcome.reason}, retrying in ${outcome.waitMs} ms (attempt ${attempt})`);
      await sleep(outcome.waitMs);
    }
  }
  throw new AdminGraphqlError(
    request.operation,
    last?.reason === "THROTTLED" ? "throttled" : "unavailable",
    `gave up after ${maxAttempts} attempts (last: ${last?.reason ?? "unknown"})`,
  );
}
