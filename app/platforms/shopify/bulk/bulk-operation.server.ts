import { z } from "zod";
import {
  adminGraphql,
  AdminUserErrorsError,
  userErrorSchema,
  type AdminCallOptions,
  type AdminGraphqlClient,
} from "../admin-graphql.server";
import { BULK_OPERATION_BY_ID, BULK_RUN_QUERY, CURRENT_BULK_OPERATION } from "./queries";

// Bulk Operations as Shopify documents them: bulkOperationRunQuery answers with a CREATED
// operation (or userErrors, e.g. OPERATION_IN_PROGRESS while another bulk query of the app runs on
// the shop, LIMIT_REACHED on versions that allow several); the operation then moves through
// RUNNING to COMPLETED, FAILED, CANCELED or EXPIRED. When COMPLETED, `url` points at the JSONL
// result (null when the query matched nothing); a failed one may leave `partialDataUrl`.

export const BULK_STATUSES = ["CREATED", "RUNNING", "COMPLETED", "FAILED", "CANCELING", "CANCELED", "EXPIRED"] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];

const countSchema = z.union([z.string(), z.number()]).transform((value) => Number(value));

export const BulkOperationSchema = z.object({
  id: z.string(),
  // Statuses added later are kept as text: they are treated as "not finished yet".
  status: z.string(),
  errorCode: z.string().nullish(),
  objectCount: countSchema.nullish(),
  rootObjectCount: countSchema.nullish(),
  fileSize: countSchema.nullish(),
  url: z.string().nullish(),
  partialDataUrl: z.string().nullish(),
  query: z.string().nullish(),
  createdAt: z.string().nullish(),
  completedAt: z.string().nullish(),
});
export type BulkOperation = z.infer<typeof BulkOperationSchema>;

export function isFinished(status: string): boolean {
  return ["COMPLETED", "FAILED", "CANCELED", "EXPIRED"].includes(status);
}

/** Another bulk query of this app is running on the shop and it is not ours to adopt. */
export class BulkOperationBusyError extends Error {
  override name = "BulkOperationBusyError";
}

const runSchema = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: BulkOperationSchema.nullish(),
    userErrors: z.array(userErrorSchema),
  }),
});

const BUSY_CODES = new Set(["OPERATION_IN_PROGRESS", "LIMIT_REACHED"]);

// Shopify stores the query as sent; whitespace differences are not a different query.
const normalize = (query: string) => query.replace(/\s+/g, " ").trim();

/**
 * Starts the bulk query. When Shopify answers that a bulk query is already running and it is
 * this same query (a retried job whose first attempt did start it), that operation is adopted;
 * any other running query makes it a BulkOperationBusyError, to be retried later.
 */
export async function startBulkQuery(
  client: AdminGraphqlClient,
  query: string,
  options: AdminCallOptions = {},
): Promise<BulkOperation> {
  const result = await adminGraphql(
    client,
    { operation: "bulkOperationRunQuery", query: BULK_RUN_QUERY, variables: { query }, schema: runSchema },
    options,
  );
  const { bulkOperation, userErrors } = result.bulkOperationRunQuery;
  if (userErrors.length === 0 && bulkOperation) return bulkOperation;
  if (userErrors.length > 0 && userErrors.every((error) => error.code && BUSY_CODES.has(error.code))) {
    const current = await currentBulkOperation(client, options);
    if (current && !isFinished(current.status) && current.query && normalize(current.query) === normalize(query)) {
      return current;
    }
    throw new BulkOperationBusyError(
      `Another bulk query is running on the shop${current ? ` (${current.id}, ${current.status})` : ""}: ${userErrors.map((error) => error.message).join("; ")}`,
    );
  }
  throw new AdminUserErrorsError("bulkOperationRunQuery", userErrors.length > 0 ? userErrors : [{ message: "no operation returned" }]);
}

export async function currentBulkOperation(
  client: AdminGraphqlClient,
  options: AdminCallOptions = {},
): Promise<BulkOperation | null> {
  const result = await adminGraphql(
    client,
    {
      operation: "currentBulkOperation",
      query: CURRENT_BULK_OPERATION,
      schema: z.object({ currentBulkOperation: BulkOperationSchema.nullish() }),
    },
    options,
  );
  return result.currentBulkOperation ?? null;
}

/** The operation's state now (the polling fallback for the bulk_operations/finish webhook). */
export async function getBulkOperation(
  client: AdminGraphqlClient,
  id: string,
  options: AdminCallOptions = {},
): Promise<BulkOperation | null> {
  const result = await adminGraphql(
    client,
    {
      operation: "node(BulkOperation)",
      query: BULK_OPERATION_BY_ID,
      variables: { id },
      schema: z.object({ node: BulkOperationSchema.nullish() }),
    },
    options,
  );
  return result.node ?? null;
}
