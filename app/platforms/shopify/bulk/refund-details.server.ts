import { z } from "zod";
import { adminGraphql, type AdminCallOptions, type AdminGraphqlClient } from "../admin-graphql.server";
import type { RefundLineItemNode } from "./map-nodes";
import { REFUND_DETAILS_CHUNK, REFUND_DETAILS_QUERY, REFUND_LINES_PAGE_QUERY } from "./queries";

// A bulk query cannot reach Order.refunds[].refundLineItems (a connection inside a list field), so
// the lines of the refunds in a batch are fetched here, a few refunds per query, before the batch
// is applied: a refund is stored once, complete, and never amended.

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });
// Lines are validated when mapped, where a bad one is reported with its order.
const lines = z.object({ pageInfo, nodes: z.array(z.unknown()) });

const detailsSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), refundLineItems: lines }).nullable().or(z.object({}).strict())),
});
const pageSchema = z.object({ node: z.object({ refundLineItems: lines }).nullish() });

export async function fetchRefundLines(
  client: AdminGraphqlClient,
  refundGids: readonly string[],
  options: AdminCallOptions = {},
): Promise<Map<string, RefundLineItemNode[]>> {
  const byRefund = new Map<string, RefundLineItemNode[]>();
  const unique = [...new Set(refundGids)];
  for (let start = 0; start < unique.length; start += REFUND_DETAILS_CHUNK) {
    const ids = unique.slice(start, start + REFUND_DETAILS_CHUNK);
    const result = await adminGraphql(
      client,
      { operation: "nodes(Refund)", query: REFUND_DETAILS_QUERY, variables: { ids }, schema: detailsSchema },
      options,
    );
    for (const node of result.nodes) {
      if (!node || !("id" in node)) continue;
      const collected = [...node.refundLineItems.nodes] as RefundLineItemNode[];
      let page = node.refundLineItems.pageInfo;
      while (page.hasNextPage && page.endCursor) {
        const next = await adminGraphql(
          client,
          {
            operation: "node(Refund).refundLineItems",
            query: REFUND_LINES_PAGE_QUERY,
            variables: { id: node.id, after: page.endCursor },
            schema: pageSchema,
          },
          options,
        );
        if (!next.node) break;
        collected.push(...(next.node.refundLineItems.nodes as RefundLineItemNode[]));
        page = next.node.refundLineItems.pageInfo;
      }
      byRefund.set(node.id, collected);
    }
  }
  return byRefund;
}
