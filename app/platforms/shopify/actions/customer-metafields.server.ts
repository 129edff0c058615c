import { z } from "zod";
import type { PlatformId } from "~/core/platform";
import type { MetafieldInput } from "~/core/platform-actions";
import { adminGraphql, throwOnUserErrors, userErrorSchema, type AdminCallOptions, type AdminGraphqlClient } from "../admin-graphql.server";
import { toGid } from "../gid";
import { asPlatformAction } from "./action-errors";

// Customer metafields with metafieldsSet (metafields: [MetafieldsSetInput!]!, each with ownerId,
// namespace, key, type, value; value is always a string, whatever the type). Shopify takes at most
// 25 metafields per call and applies a call atomically; more than 25 are sent in calls of 25, in
// order, so a failure in a later call leaves the earlier ones set (setting them again is harmless).

export const METAFIELDS_PER_CALL = 25;

const METAFIELDS_SET = `#graphql
mutation metafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key }
    userErrors { field code message }
  }
}`;

const payloadSchema = z.object({
  metafields: z.array(z.object({ id: z.string(), namespace: z.string(), key: z.string() })).nullable(),
  userErrors: z.array(userErrorSchema),
});

/** The variables of each metafieldsSet call (pure). */
export function metafieldsSetBatches(customerPlatformId: PlatformId, metafields: readonly MetafieldInput[]): Array<{ metafields: Array<MetafieldInput & { ownerId: string }> }> {
  const ownerId = toGid("Customer", customerPlatformId);
  const inputs = metafields.map(({ namespace, key, type, value }) => ({ ownerId, namespace, key, type, value }));
  const batches: Array<{ metafields: typeof inputs }> = [];
  for (let start = 0; start < inputs.length; start += METAFIELDS_PER_CALL) {
    batches.push({ metafields: inputs.slice(start, start + METAFIELDS_PER_CALL) });
  }
  return batches;
}

export async function setCustomerMetafields(
  client: AdminGraphqlClient,
  customerPlatformId: PlatformId,
  metafields: readonly MetafieldInput[],
  options: AdminCallOptions = {},
): Promise<void> {
  await asPlatformAction("setCustomerMetafields", async () => {
    for (const variables of metafieldsSetBatches(customerPlatformId, metafields)) {
      const data = await adminGraphql(
        client,
        { operation: "metafieldsSet", query: METAFIELDS_SET, variables, schema: z.object({ metafieldsSet: payloadSchema }) },
        options,
      );
      throwOnUserErrors("metafieldsSet", data.metafieldsSet.userErrors);
    }
  });
}
