import { describe, expect, test } from "vitest";
import { historyLine, type HistorySource } from "~/core/loyalty/history-lines";

// A member's entries in plain words, as the storefront panel lists them.

const NOW = new Date("2026-12-04T12:00:00Z");
const tiers = new Map([["gold", { de: "Gold", en: "Gold" }]]);
const tierName = (id: string) => tiers.get(id)?.en ?? null;
const tierNameDe = (id: string) => tiers.get(id)?.de ?? null;

const entry = (overrides: Partial<HistorySource>): HistorySource => ({
  kind: "earn",
  points: 100,
  occurredAt: new Date("2026-11-20T10:00:00Z"),
  availableAt: null,
  reason: null,
  fromOrder: false,
  orderName: null,
  rewardTitle: null,
  ...overrides,
});

describe("history lines", () => {
  test.each<[Partial<HistorySource>, string, string]>([
    [{ fromOrder: true, orderName: "#1042" }, "Order #1042", "Bestellung #1042"],
    [{ fromOrder: true }, "Your order", "Ihre Bestellung"],
    [{ reason: "tier:gold" }, "Bonus for reaching Gold", "Bonus für das Erreichen von Gold"],
    [{ reason: "tier:unknown" }, "Bonus points", "Bonuspunkte"],
    [{}, "Bonus points", "Bonuspunkte"],
    [{ kind: "clawback", points: -40, fromOrder: true, orderName: "#1042" }, "Refund on order #1042", "Erstattung zu Bestellung #1042"],
    [{ kind: "clawback", points: -40, fromOrder: true }, "Refund on your order", "Erstattung zu Ihrer Bestellung"],
    [{ kind: "redeem", points: -500, rewardTitle: "€5 off" }, "Redeemed for €5 off", "Eingelöst für €5 off"],
    [{ kind: "redeem", points: -500 }, "Redeemed for a reward", "Eingelöst für eine Prämie"],
    [{ kind: "reward_refund", rewardTitle: "Free shipping" }, "Points returned for Free shipping", "Punkte zurück für Free shipping"],
    [{ kind: "expire", points: -30 }, "Points expired", "Punkte verfallen"],
    [{ kind: "adjust", reason: "Goodwill for the broken mug (internal)" }, "Adjusted by the shop", "Vom Shop angepasst"],
    [{ kind: "import" }, "Points carried over", "Übernommene Punkte"],
  ])("%o reads '%s' / '%s'", (overrides, english, german) => {
    expect(historyLine(entry(overrides), "en", tierName, NOW).text).toBe(english);
    expect(historyLine(entry(overrides), "de", tierNameDe, NOW).text).toBe(german);
  });

  test("a merchant's own reason for an adjustment never reaches the shopper", () => {
    const line = historyLine(entry({ kind: "adjust", reason: "Complained a lot" }), "en", tierName, NOW);
    expect(JSON.stringify(line)).not.toContain("Complained");
  });

  test("points still in the return window say when they can be spent; others carry no note", () => {
    const pending = entry({ fromOrder: true, orderName: "#7", availableAt: new Date("2026-12-18T10:00:00Z") });
    expect(historyLine(pending, "de", tierNameDe, NOW)).toEqual({
      at: "2026-11-20T10:00:00.000Z",
      date: "20.11.2026",
      points: 100,
      text: "Bestellung #7",
      note: "verfügbar ab 18.12.2026",
    });
    expect(historyLine(pending, "en", tierName, NOW).note).toBe("available from Dec 18, 2026");
    expect(historyLine({ ...pending, availableAt: new Date("2026-12-01T00:00:00Z") }, "en", tierName, NOW).note).toBeNull();
  });
});
