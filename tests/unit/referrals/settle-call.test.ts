import { describe, expect, it } from "vitest";
import { PlatformActionError, type DiscountCodeRequest, type PlatformActions } from "~/core/platform-actions";
import { callSettle, type DiscountPlan } from "~/core/referrals/settle.job.server";

// The settle job's platform call: a code another discount has is chosen anew (up to three times),
// a refusal comes back as the referral's error, and trouble worth retrying fails the attempt.

const plan: DiscountPlan = {
  referral: { id: "r1", shopId: "s1", advocateCustomerId: "c1", friendCustomerId: null, order: { id: "o1", platformId: "1" } },
  rewardAt: new Date("2024-06-01T00:00:00Z"),
  shopDomain: "shop.example",
  codePrefix: "FREUND",
  request: {
    code: "FREUND-AAAAAAAAAA",
    title: "Empfehlung",
    value: { kind: "percent", percent: 10 },
    customerPlatformId: "42",
    usageLimit: 1,
    oncePerCustomer: true,
    minimumSubtotal: null,
    startsAt: new Date("2024-06-01T00:00:00Z"),
    endsAt: null,
  },
};

function actions(answers: Array<Error | null>): { actions: PlatformActions; requests: DiscountCodeRequest[] } {
  const requests: DiscountCodeRequest[] = [];
  const refuse = () => Promise.reject(new Error("not used"));
  return {
    requests,
    actions: {
      createDiscountCode(request) {
        requests.push(request);
        const answer = answers.shift();
        return answer ? Promise.reject(answer) : Promise.resolve({ platformId: "gid://shopify/DiscountCodeNode/1", code: request.code });
      },
      deactivateDiscountCode: refuse,
      addCustomerTags: refuse,
      removeCustomerTags: refuse,
      setCustomerMetafields: refuse,
    },
  };
}

const failure = (kind: "code_taken" | "rejected" | "unavailable") => new PlatformActionError("createDiscountCode", kind, [{ field: "code", code: null, message: kind }]);

describe("callSettle", () => {
  it("makes the planned code", async () => {
    const { actions: platform, requests } = actions([null]);
    expect(await callSettle(plan, platform)).toEqual({ created: true, code: "FREUND-AAAAAAAAAA" });
    expect(requests).toHaveLength(1);
  });

  it("chooses a new code with the program's prefix when the code is taken", async () => {
    const { actions: platform, requests } = actions([failure("code_taken"), null]);
    const outcome = await callSettle(plan, platform);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.code).toMatch(/^FREUND-[A-Z2-9]{10}$/);
    expect(requests[1]!.code).not.toBe(plan.request.code);
    expect(outcome).toEqual({ created: true, code: requests[1]!.code });
  });

  it("gives up after three taken codes, and on a refusal, as the referral's error", async () => {
    const taken = actions([failure("code_taken"), failure("code_taken"), failure("code_taken")]);
    expect(await callSettle(plan, taken.actions)).toMatchObject({ created: false, error: expect.stringContaining("code_taken") });
    expect(taken.requests).toHaveLength(3);
    expect(await callSettle(plan, actions([failure("rejected")]).actions)).toMatchObject({ created: false, error: expect.stringContaining("rejected") });
  });

  it("throws what may pass (the attempt is retried)", async () => {
    await expect(callSettle(plan, actions([failure("unavailable")]).actions)).rejects.toThrow(PlatformActionError);
    await expect(callSettle(plan, actions([new Error("socket hang up")]).actions)).rejects.toThrow("socket hang up");
  });
});
