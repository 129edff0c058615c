// Shopify global ids ("gid://shopify/Order/123") and the numeric REST ids inside them.

const NUMERIC_ID = /^[1-9]\d*$/;
const GID = /^gid:\/\/shopify\/([A-Z][A-Za-z0-9]*)\/([1-9]\d*)(?:\?.*)?$/;
const RESOURCE_TYPE = /^[A-Z][A-Za-z0-9]*$/;
// Shopify ids are signed 64-bit integers on their side.
const MAX_ID = 9_223_372_036_854_775_807n;

export class InvalidShopifyIdError extends Error {
  override readonly name = "InvalidShopifyIdError";
}

function assertInRange(id: string, original: string): void {
  if (id.length > 19 || BigInt(id) > MAX_ID) {
    throw new InvalidShopifyIdError(`Shopify id ${JSON.stringify(original)} exceeds 64 bits`);
  }
}

/**
 * "gid://shopify/Order/123" → "123"; a plain "123" is returned as is. With `expectedType`, a gid
 * of another resource type is rejected (an Order id must not be taken for a Customer id).
 */
export function numericIdFromGid(gidOrId: string, expectedType?: string): string {
  if (NUMERIC_ID.test(gidOrId)) {
    assertInRange(gidOrId, gidOrId);
    return gidOrId;
  }
  const match = GID.exec(gidOrId);
  if (!match) {
    throw new InvalidShopifyIdError(
      `Not a Shopify gid or numeric id: ${JSON.stringify(gidOrId)}`,
    );
  }
  const [, type = "", id = ""] = match;
  if (expectedType !== undefined && type !== expectedType) {
    throw new InvalidShopifyIdError(
      `Expected a gid of type ${expectedType}, got ${JSON.stringify(gidOrId)}`,
    );
  }
  assertInRange(id, gidOrId);
  return id;
}

/** toGid("Order", "123") → "gid://shopify/Order/123". */
export function toGid(type: string, id: string | bigint | number): string {
  if (!RESOURCE_TYPE.test(type)) {
    throw new InvalidShopifyIdError(`Invalid Shopify resource type ${JSON.stringify(type)}`);
  }
  if (typeof id === "number" && !Number.isSafeInteger(id)) {
    // A number beyond 2^53 has already been rounded: building a gid from it would name another record.
    throw new InvalidShopifyIdError(`Numeric id ${id} is not a safe integer: pass ids as strings`);
  }
  const text = String(id);
  if (!NUMERIC_ID.test(text)) {
    throw new InvalidShopifyIdError(`Invalid Shopify id ${JSON.stringify(text)}`);
  }
  assertInRange(text, text);
  return `gid://shopify/${type}/${text}`;
}
