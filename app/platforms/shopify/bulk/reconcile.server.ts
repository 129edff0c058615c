import { z } from "zod";
import {
  completeRun,
  failRun,
  findActiveRun,
  lastSuccessfulSyncAt,
  nextDailyReconcileAt,
  RECONCILE_SAFETY_MARGIN_MS,
} from "~/core/sync/import-runs.server";
import type { Tx } from "~/db/prisma.server";
import { enqueueJob } from "~/jobs/queue.server";
import { adminGraphql, type AdminGraphqlClient } from "../admin-graphql.server";
import { RECONCILE_SHOP_JOB, requestFullImport, scheduleReconcile } from "./import-requests.server";
import { applyMappedBatch, refundLinesOf, type ImportDeps } from "./import.server";
import { mapBatch, refundLinesForNodes } from "./mapped-chunks";
import {
  IMPORT_PHASES,
  nestedPageQuery,
  type NESTED_PAGE_SIZE,
  RECONCILE_QUERIES,
  updatedSinceFilter,
  type ImportPhase,
} from "./queries";

// The reconciliation: pages through the customers, products and orders Shopify changed since the
// last successful sync (minus a safety margin) and applies them like the import does. The
// freshness rule in the sync services makes it a repair: a record the store lacks is added, one
// it holds in an older version is replaced, a newer one (from a webhook) stays. One page per job,
// like the import's batches; the run's start is the watermark the next reconciliation starts from.

export interface ReconcilePayload {
  shopId: string;
  scheduled: boolean;
  importRunId?: string | undefined;
  phase?: ImportPhase | undefined;
  after?: string | null | undefined;
  /** ISO time: records updated at or after it are fetched. */
  since?: string | undefined;
}

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });
const connection = z.object({ pageInfo, nodes: z.array(z.record(z.string(), z.unknown())) });

type NestedField = keyof typeof NESTED_PAGE_SIZE;
const NESTED: Readonly<Record<ImportPhase, { parentType: "Order" | "Product"; fields: NestedField[] } | null>> = {
  customers: null,
  products: { parentType: "Product", fields: ["variants", "collections"] },
  orders: { parentType: "Order", fields: ["lineItems", "discountApplications", "shippingLines"] },
};

/** Turns each nested connection of a node into a plain array, fetching pages past the first. */
async function flattenNested(
  client: AdminGraphqlClient,
  deps: Pick<ImportDeps, "adminOptions">,
  phase: ImportPhase,
  node: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const nested = NESTED[phase];
  if (!nested) return node;
  const flat: Record<string, unknown> = { ...node };
  for (const field of nested.fields) {
    const first = connection.safeParse(node[field]);
    if (!first.success) continue; // the mapper reports the missing field with the record
    const items = [...first.data.nodes];
    let page = first.data.pageInfo;
    while (page.hasNextPage && page.endCursor) {
      const next = await adminGraphql(
        client,
        {
          operation: `node(${nested.parentType}).${field}`,
          query: nestedPageQuery(nested.parentType, field),
          variables: { id: node.id, after: page.endCursor },
          schema: z.object({ node: z.record(z.string(), z.unknown()).nullish() }),
        },
        deps.adminOptions,
      );
      const more = connection.safeParse(next.node?.[field]);
      if (!more.success) break;
      items.push(...more.data.nodes);
      page = more.data.pageInfo;
    }
    flat[field] = items;
  }
  return flat;
}

async function continueWith(tx: Tx, payload: ReconcilePayload) {
  await enqueueJob(tx, {
    kind: RECONCILE_SHOP_JOB,
    payload: { ...payload, after: payload.after ?? null },
    uniqueKey: `reconcile-page:${payload.importRunId}:${payload.phase}:${payload.after ?? ""}`,
    maxAttempts: 6,
  });
}

async function scheduleNext(tx: Tx, deps: Pick<ImportDeps, "now">, payload: ReconcilePayload) {
  if (payload.scheduled) {
    await scheduleReconcile(tx, payload.shopId, nextDailyReconcileAt(deps.now?.() ?? new Date(), payload.shopId));
  }
}

/** The first step: decides whether to run at all, and from when. */
async function beginReconcile(tx: Tx, deps: ImportDeps, payload: ReconcilePayload): Promise<ReconcilePayload | null> {
  const shop = await tx.shop.findUnique({ where: { id: payload.shopId }, select: { platform: true, status: true } });
  // Uninstalled: nothing can be fetched, and no next day is scheduled (a reinstall starts over).
  if (!shop || shop.platform !== "SHOPIFY" || shop.status !== "ACTIVE") return null;
  if ((await findActiveRun(tx, payload.shopId, "full")) || (await findActiveRun(tx, payload.shopId, "reconcile"))) {
    await scheduleNext(tx, deps, payload);
    return null;
  }
  const lastSync = await lastSuccessfulSyncAt(tx, payload.shopId);
  if (!lastSync) {
    // Never synced completely: that calls for the full import, not a look at recent changes.
    await requestFullImport(tx, payload.shopId);
    await scheduleNext(tx, deps, payload);
    return null;
  }
  const since = new Date(lastSync.getTime() - RECONCILE_SAFETY_MARGIN_MS);
  const run = await tx.importRun.create({
    data: { shopId: payload.shopId, kind: "reconcile", phase: IMPORT_PHASES[0]!, status: "RUNNING" },
  });
  return { ...payload, importRunId: run.id, phase: IMPORT_PHASES[0]!, after: null, since: since.toISOString() };
}

/** reconcile.shop: one page of one phase, then the job for what follows. */
export async function reconcileStep(tx: Tx, deps: ImportDeps, input: ReconcilePayload): Promise<void> {
  const payload = input.importRunId ? input : await beginReconcile(tx, deps, input);
  if (!payload?.importRunId || !payload.phase || !payload.since) return;
  const run = await tx.importRun.findUnique({
    where: { id: payload.importRunId },
    include: { shop: { select: { id: true, domain: true, currency: true, redactionKey: true } } },
  });
  if (!run || run.status !== "RUNNING") return;
  if (run.phase !== payload.phase) await tx.importRun.update({ where: { id: run.id }, data: { phase: payload.phase } });

  const client = await deps.adminClient(tx, run.shop.domain);
  const phase = payload.phase;
  const result = await adminGraphql(
    client,
    {
      operation: `reconcile ${phase}`,
      query: RECONCILE_QUERIES[phase],
      variables: { query: updatedSinceFilter(new Date(payload.since)), after: payload.after ?? null },
      schema: z.object({ [phase]: connection }),
    },
    deps.adminOptions,
  );
  const page = result[phase] as z.infer<typeof connection>;
  const nodes = [];
  for (const node of page.nodes) nodes.push(await flattenNested(client, deps, phase, node));
  const refundLines = await refundLinesForNodes(phase, nodes, refundLinesOf(deps, async () => client));
  const batch = mapBatch(
    phase,
    nodes.map((node) => ({ id: String(node.id), node })),
    run.shop.currency,
    refundLines,
  );
  await applyMappedBatch(tx, run.shop, run.id, batch, deps.outbox);

  if (page.pageInfo.hasNextPage && page.pageInfo.endCursor) {
    await continueWith(tx, { ...payload, after: page.pageInfo.endCursor });
    return;
  }
  const next = IMPORT_PHASES[IMPORT_PHASES.indexOf(phase) + 1];
  if (next) {
    await continueWith(tx, { ...payload, phase: next, after: null });
    return;
  }
  const current = await tx.importRun.findUniqueOrThrow({ where: { id: run.id }, select: { error: true } });
  await completeRun(tx, run.id, current.error);
  await scheduleNext(tx, deps, payload);
}

/** After a reconciliation job gave up: the run is marked failed, and tomorrow's still happens. */
export async function reconcileGaveUp(
  db: Tx | Parameters<typeof failRun>[0],
  deps: Pick<ImportDeps, "now">,
  payload: ReconcilePayload,
  error: string,
): Promise<void> {
  if (payload.importRunId) await failRun(db, payload.importRunId, error);
  if (payload.scheduled) {
    await scheduleReconcile(db, payload.shopId, nextDailyReconcileAt(deps.now?.() ?? new Date(), payload.shopId));
  }
}
