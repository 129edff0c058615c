import type { PlatformActions } from "~/core/platform-actions";
import { isRedactedPlatformId } from "~/core/privacy/redaction-keys";
import type { Db } from "~/db/prisma.server";

// A merchant edits a customer's tags in the CRM: the platform's customer gets them first (the
// shop's other tools act on them there), then the CRM's copy. Only the tags named change, so tags
// set elsewhere stay.

/** Shopify's limit for one tag; a comma would split it into two. */
const MAX_TAG_LENGTH = 255;

export type TagProblem = "empty" | "too_long" | "comma";

/** A tag as typed, or why it cannot be one. */
export function parseTag(input: string): { tag: string } | { problem: TagProblem } {
  const tag = input.trim();
  if (tag === "") return { problem: "empty" };
  if (tag.includes(",")) return { problem: "comma" };
  if (tag.length > MAX_TAG_LENGTH) return { problem: "too_long" };
  return { tag };
}

/** The tags after the change, in their order, without repeats. */
export function applyTagChange(tags: readonly string[], change: { add: readonly string[]; remove: readonly string[] }): string[] {
  const removed = new Set(change.remove);
  return [...new Set([...tags.filter((tag) => !removed.has(tag)), ...change.add.filter((tag) => !removed.has(tag))])];
}

export class TagChangeRefused extends Error {
  override name = "TagChangeRefused";
  constructor(readonly reason: "not_found" | "no_account" | "redacted") {
    super(`Tags cannot be changed: ${reason}`);
  }
}

export async function changeCustomerTags(
  db: Db,
  platformActions: () => Promise<PlatformActions>,
  shopId: string,
  customerId: string,
  change: { add: readonly string[]; remove: readonly string[] },
): Promise<string[]> {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId }, select: { platformId: true, redactedAt: true, tags: true } });
  if (!customer) throw new TagChangeRefused("not_found");
  if (customer.redactedAt || isRedactedPlatformId(customer.platformId)) throw new TagChangeRefused("redacted");
  // A guest has no customer record at the platform to carry tags.
  if (!customer.platformId) throw new TagChangeRefused("no_account");
  const actions = await platformActions();
  if (change.add.length > 0) await actions.addCustomerTags(customer.platformId, change.add);
  if (change.remove.length > 0) await actions.removeCustomerTags(customer.platformId, change.remove);
  const tags = applyTagChange(customer.tags, change);
  await db.customer.update({ where: { id: customerId }, data: { tags } });
  return tags;
}
