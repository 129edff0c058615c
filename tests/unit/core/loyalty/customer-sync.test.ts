import { describe, expect, it } from "vitest";
import { customerSyncPlan, type CustomerSyncInput } from "~/core/loyalty/customer-sync";

const input = (overrides: Partial<CustomerSyncInput> = {}): CustomerSyncInput => ({
  customerPlatformId: "207119551",
  balance: 1200,
  available: 800,
  tierId: "gold",
  programTierIds: ["bronze", "silver", "gold"],
  previousTierId: "silver",
  ...overrides,
});

describe("the platform customer's loyalty fields", () => {
  it("are the balances and tier as metafields, and the tier's machine tag replacing the others", () => {
    expect(customerSyncPlan(input())).toEqual({
      kind: "write",
      customerPlatformId: "207119551",
      metafields: [
        { namespace: "crm_loyalty", key: "points_balance", type: "number_integer", value: "1200" },
        { namespace: "crm_loyalty", key: "points_available", type: "number_integer", value: "800" },
        { namespace: "crm_loyalty", key: "tier", type: "single_line_text_field", value: "gold" },
      ],
      addTags: ["loyalty-tier:gold"],
      removeTags: ["loyalty-tier:bronze", "loyalty-tier:silver"],
    });
  });

  it("without a tier: the tier metafield says none and every tier tag goes", () => {
    const plan = customerSyncPlan(input({ tierId: null, previousTierId: null }));
    expect(plan.kind === "write" && plan.metafields[2]!.value).toBe("none");
    expect(plan.kind === "write" && [plan.addTags, plan.removeTags]).toEqual([[], ["loyalty-tier:bronze", "loyalty-tier:silver", "loyalty-tier:gold"]]);
  });

  it("remove the tag of a tier the program no longer has", () => {
    const plan = customerSyncPlan(input({ programTierIds: ["gold"], previousTierId: "platinum" }));
    expect(plan.kind === "write" && plan.removeTags).toEqual(["loyalty-tier:platinum"]);
  });

  it("write negative balances as they are", () => {
    const plan = customerSyncPlan(input({ balance: -50, available: -50 }));
    expect(plan.kind === "write" && plan.metafields.map((field) => field.value)).toEqual(["-50", "-50", "gold"]);
  });

  it.each([
    ["a guest", { customerPlatformId: null }, "guest"],
    ["a redacted customer", { customerPlatformId: "redacted:9f1c" }, "redacted"],
  ] as const)("are not written for %s", (_name, overrides, reason) => {
    expect(customerSyncPlan(input(overrides))).toEqual({ kind: "skip", reason });
  });
});
