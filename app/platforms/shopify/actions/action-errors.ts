import {
  PlatformActionError,
  type PlatformActionFailure,
  type PlatformActionName,
  type PlatformActionProblem,
} from "~/core/platform-actions";
import { AdminGraphqlError, AdminUserErrorsError, type AdminUserError } from "../admin-graphql.server";
import { InvalidShopifyIdError } from "../gid";

// Shopify's answers to an outbound action, in the neutral terms of PlatformActionError.
//
// userErrors: Shopify names no "not found" code for the mutations used here (DiscountErrorCode has
// TAKEN, INVALID, VALUE_OUTSIDE_RANGE, END_DATE_BEFORE_START_DATE, …; tagsAdd/tagsRemove answer
// plain UserErrors without a code; MetafieldsSetUserErrorCode has INVALID, INVALID_TYPE,
// INVALID_VALUE, …). An unknown record shows as a userError on the input field that holds its id
// (`id`, `ownerId`, `context.customers.add`, `…productVariantsToAdd`), so that is what is read.
// - `TAKEN` on the `code` field → code_taken;
// - a problem on an id-holding field (code INVALID, NOT_FOUND or none) → not_found;
// - when all problems are of one of these kinds, that kind; anything else → rejected.
// AdminGraphqlError: throttling or server/network trouble that outlasted adminGraphql's retries →
// unavailable; GraphQL errors, other HTTP statuses and unreadable answers → rejected (the same
// request would fail the same way, or, for an unreadable answer, may have been applied: a human
// has to look, so it must not be retried blindly).

const ID_FIELDS = new Set(["id", "ownerId", "add", "customers", "productVariantsToAdd", "productsToAdd"]);
const NOT_FOUND_CODES = new Set(["NOT_FOUND", "INVALID", "INVALID_OWNER", "RESOURCE_NOT_FOUND"]);

/** Shopify's field path without the mutation's argument name and list indices, e.g. "context.customers.add". */
export function problemField(field: readonly string[] | null | undefined, argumentName?: string): string | null {
  if (!field || field.length === 0) return null;
  const path = argumentName && field[0] === argumentName && field.length > 1 ? field.slice(1) : [...field];
  return path.join(".");
}

export function classifyUserError(error: AdminUserError): PlatformActionFailure {
  const last = error.field?.filter((part) => !/^\d+$/.test(part)).at(-1);
  if (error.code === "TAKEN" && last === "code") return "code_taken";
  if (last !== undefined && ID_FIELDS.has(last) && (error.code == null || NOT_FOUND_CODES.has(error.code))) return "not_found";
  if (error.code === "NOT_FOUND" || error.code === "RESOURCE_NOT_FOUND") return "not_found";
  return "rejected";
}

export function failureOf(userErrors: readonly AdminUserError[]): PlatformActionFailure {
  const kinds = new Set(userErrors.map(classifyUserError));
  return kinds.size === 1 ? [...kinds][0]! : "rejected";
}

export function problemsOf(userErrors: readonly AdminUserError[], argumentName?: string): PlatformActionProblem[] {
  return userErrors.map((error) => ({
    field: problemField(error.field, argumentName),
    code: error.code ?? null,
    message: error.message,
  }));
}

function isUnavailable(error: AdminGraphqlError): boolean {
  if (error.kind === "throttled" || error.kind === "unavailable" || error.kind === "network") return true;
  // A GraphQL-level internal error is Shopify's trouble, not the request's.
  return error.kind === "graphql" && /\[INTERNAL_SERVER_ERROR\]/.test(error.message);
}

/** Any failure of an action's call as a PlatformActionError (which passes through unchanged). */
export function toPlatformActionError(action: PlatformActionName, error: unknown, argumentName?: string): PlatformActionError {
  if (error instanceof PlatformActionError) return error;
  if (error instanceof AdminUserErrorsError) {
    return new PlatformActionError(action, failureOf(error.userErrors), problemsOf(error.userErrors, argumentName), { cause: error });
  }
  if (error instanceof AdminGraphqlError) {
    return new PlatformActionError(action, isUnavailable(error) ? "unavailable" : "rejected", [{ field: null, code: error.kind, message: error.message }], {
      cause: error,
    });
  }
  if (error instanceof InvalidShopifyIdError) {
    return new PlatformActionError(action, "rejected", [{ field: null, code: "invalid_id", message: error.message }], { cause: error });
  }
  throw error;
}

/** Runs one action's calls and turns whatever they throw into a PlatformActionError. */
export async function asPlatformAction<T>(action: PlatformActionName, run: () => Promise<T>, argumentName?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toPlatformActionError(action, error, argumentName);
  }
}
