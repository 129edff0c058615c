import { z } from "zod";
import type { PlatformId } from "~/core/platform";
import { adminGraphql, throwOnUserErrors, userErrorSchema, type AdminCallOptions, type AdminGraphqlClient } from "../admin-graphql.server";
import { toGid } from "../gid";
import { asPlatformAction } from "./action-errors";

// Customer tags with tagsAdd / tagsRemove (id: the customer's gid, tags: [String!]!). Both change
// only the tags named, so tags other apps or the merchant set stay (customerUpdate's `tags` would
// replace the whole list). Their payload's userErrors are plain UserErrors (field, message; no code).

type TagsMutation = "tagsAdd" | "tagsRemove";

const payloadSchema = z.object({
  node: z.object({ id: z.string() }).nullable(),
  userErrors: z.array(userErrorSchema),
});

function mutationText(field: TagsMutation): string {
  return `#graphql
mutation ${field}($id: ID!, $tags: [String!]!) {
  ${field}(id: $id, tags: $tags) {
    node { id }
    userErrors { field message }
  }
}`;
}

/** The variables of tagsAdd / tagsRemove: trimmed, without blanks and repeats (pure). */
export function tagsVariables(customerPlatformId: PlatformId, tags: readonly string[]): { id: string; tags: string[] } {
  const unique = [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag.length > 0))];
  return { id: toGid("Customer", customerPlatformId), tags: unique };
}

async function changeTags(
  field: TagsMutation,
  client: AdminGraphqlClient,
  customerPlatformId: PlatformId,
  tags: readonly string[],
  options: AdminCallOptions,
): Promise<void> {
  await asPlatformAction(field === "tagsAdd" ? "addCustomerTags" : "removeCustomerTags", async () => {
    const variables = tagsVariables(customerPlatformId, tags);
    if (variables.tags.length === 0) return;
    const data = await adminGraphql(
      client,
      { operation: field, query: mutationText(field), variables, schema: z.object({ [field]: payloadSchema }) },
      options,
    );
    throwOnUserErrors(field, data[field]!.userErrors);
  });
}

export function addCustomerTags(client: AdminGraphqlClient, customerPlatformId: PlatformId, tags: readonly string[], options: AdminCallOptions = {}) {
  return changeTags("tagsAdd", client, customerPlatformId, tags, options);
}

export function removeCustomerTags(client: AdminGraphqlClient, customerPlatformId: PlatformId, tags: readonly string[], options: AdminCallOptions = {}) {
  return changeTags("tagsRemove", client, customerPlatformId, tags, options);
}
