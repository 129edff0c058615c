import { changeCustomerTags, parseTag, TagChangeRefused } from "~/core/customers/customer-tags.server";
import { adjustPoints, AdjustmentRefused } from "~/core/loyalty/adjustments.server";
import { PlatformActionError } from "~/core/platform-actions";
import type { MessageKey } from "~/i18n/translate";
import type { Runtime } from "~/runtime.server";

// What the customer page's forms do, answered as a notice in the admin's words: the route parses
// the form, these call the services and turn their refusals into messages.

export interface Notice {
  tone: "success" | "critical";
  key: MessageKey;
  vars?: Record<string, string | number>;
}

interface Scope {
  runtime: Runtime;
  shop: { id: string; domain: string };
  customerId: string;
}

export async function changeTagsAction(
  { runtime, shop, customerId }: Scope,
  change: { add: string[]; remove: string[] },
  demo: boolean,
): Promise<{ notice: Notice }> {
  const added = change.add.map(parseTag);
  const problem = added.find((parsed) => "problem" in parsed);
  if (problem && "problem" in problem) return { notice: { tone: "critical", key: `customer.tags.problem.${problem.problem}` } };
  const add = added.flatMap((parsed) => ("tag" in parsed ? [parsed.tag] : []));
  try {
    await changeCustomerTags(runtime.db, () => runtime.db.$transaction((tx) => runtime.platformActions(tx, shop.domain)), shop.id, customerId, {
      add,
      remove: change.remove,
    });
    return { notice: { tone: "success", key: demo ? "customer.tags.savedDemo" : "customer.tags.saved" } };
  } catch (error) {
    if (error instanceof TagChangeRefused) return { notice: { tone: "critical", key: `customer.tags.refused.${error.reason}` } };
    if (error instanceof PlatformActionError) {
      return { notice: { tone: "critical", key: "customer.tags.failed", vars: { reason: error.problems.map((problem) => problem.message).join("; ") || error.failure } } };
    }
    throw error;
  }
}

export async function adjustPointsAction(
  { runtime, shop, customerId }: Scope,
  input: { points: number; reason: string; requestKey: string },
): Promise<{ notice: Notice }> {
  try {
    const { balance } = await adjustPoints(runtime.db, { shopId: shop.id, customerId, ...input });
    return { notice: { tone: "success", key: "customer.loyalty.adjusted", vars: { balance } } };
  } catch (error) {
    if (error instanceof AdjustmentRefused) return { notice: { tone: "critical", key: `customer.loyalty.refused.${error.reason}` } };
    throw error;
  }
}
