import { changeCustomerTags, parseTag, TagChangeRefused } from "~/core/customers/customer-tags.server";
import { adjustPoints, AdjustmentRefused } from "~/core/loyalty/adjustments.server";
import { cancelReward, redeemReward } from "~/core/loyalty/redemption.server";
import { RedemptionRefused } from "~/core/loyalty/rewards";
import type { Locale } from "~/i18n/translate";
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

/** The shop's platform actions, looked up when the service needs them (after its own checks). */
const platformActionsOf = ({ runtime, shop }: Scope) => () => runtime.platformActionsFor(shop.domain);

function platformFailure(error: PlatformActionError): Notice {
  return { tone: "critical", key: "customer.loyalty.platformFailed", vars: { reason: error.problems.map((problem) => problem.message).join("; ") || error.failure } };
}

/** A reward redeemed by the merchant for the customer (at the till, on the phone): the same path as the storefront's. */
export async function redeemForCustomerAction(scope: Scope, input: { rewardId: string; requestKey: string }, locale: Locale): Promise<{ notice: Notice }> {
  try {
    const reward = await redeemReward(scope.runtime.db, platformActionsOf(scope), {
      shopId: scope.shop.id,
      customerId: scope.customerId,
      rewardId: input.rewardId,
      requestKey: `admin:${input.requestKey}`,
      locale,
    });
    return { notice: { tone: "success", key: "customer.loyalty.redeemed", vars: { code: reward.code } } };
  } catch (error) {
    if (error instanceof RedemptionRefused) return { notice: { tone: "critical", key: `customer.loyalty.redeemRefused.${error.reason}` } };
    if (error instanceof PlatformActionError) return { notice: platformFailure(error) };
    throw error;
  }
}

/** An unused reward withdrawn: its code switched off, its points back. */
export async function cancelRewardAction(scope: Scope, rewardRowId: string): Promise<{ notice: Notice }> {
  try {
    const reward = await cancelReward(scope.runtime.db, platformActionsOf(scope), scope.shop.id, rewardRowId);
    return reward.status === "CANCELLED"
      ? { notice: { tone: "success", key: "customer.loyalty.cancelled", vars: { code: reward.code } } }
      : { notice: { tone: "critical", key: "customer.loyalty.notCancellable" } };
  } catch (error) {
    if (error instanceof RedemptionRefused) return { notice: { tone: "critical", key: "customer.loyalty.notCancellable" } };
    if (error instanceof PlatformActionError) return { notice: platformFailure(error) };
    throw error;
  }
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
    await changeCustomerTags(runtime.db, platformActionsOf({ runtime, shop, customerId }), shop.id, customerId, { add, remove: change.remove });
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
