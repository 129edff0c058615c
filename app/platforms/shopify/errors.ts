import type { z } from "zod";

export interface PayloadIssue {
  /** Dotted path into the payload, e.g. "line_items[0].price_set.shop_money.amount". */
  path: string;
  message: string;
}

/**
 * A webhook payload that does not have the shape this adapter relies on. Retrying the same
 * delivery cannot succeed, so callers should record it rather than ask Shopify to resend.
 */
export class PayloadError extends Error {
  override readonly name = "PayloadError";

  constructor(
    readonly topic: string,
    readonly issues: readonly PayloadIssue[],
  ) {
    super(
      `Invalid Shopify ${topic} payload: ` +
        issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; "),
    );
  }

  static fromZod(topic: string, error: z.ZodError): PayloadError {
    return new PayloadError(
      topic,
      error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
    );
  }
}

export class UnsupportedTopicError extends Error {
  override readonly name = "UnsupportedTopicError";

  constructor(readonly topic: string) {
    super(`Unsupported Shopify webhook topic ${JSON.stringify(topic)}`);
  }
}

/**
 * Raised by the mappers for a field that passed the schema but cannot be used (a currency that
 * disagrees with the order's, an amount with too many decimals). The topic is added by the caller.
 */
export class PayloadFieldError extends Error {
  override readonly name = "PayloadFieldError";

  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function joinPath(parent: string, child: string): string {
  if (parent === "") return child;
  return child.startsWith("[") ? parent + child : `${parent}.${child}`;
}
