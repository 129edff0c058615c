import { describe, expect, test } from "vitest";
import { statisticsDue } from "~/core/sync/table-statistics.server";

describe("when a bulk load refreshes planner statistics", () => {
  test("each time its record count passes 1k, 2k, 4k, … and not in between", () => {
    expect(statisticsDue(0, 999)).toBe(false);
    expect(statisticsDue(0, 1_000)).toBe(true);
    expect(statisticsDue(1_000, 1_999)).toBe(false);
    expect(statisticsDue(1_999, 2_000)).toBe(true);
    expect(statisticsDue(500, 5_000)).toBe(true);
    expect(statisticsDue(520_000, 1_000_000)).toBe(false);
    expect(statisticsDue(1_000_000, 1_030_000)).toBe(true);
  });

  test("a million records in jobs of 5,000 refresh eight times (logarithmic in the size)", () => {
    let refreshes = 0;
    for (let done = 0; done < 1_000_000; done += 5_000) if (statisticsDue(done, done + 5_000)) refreshes += 1;
    expect(refreshes).toBe(8);
  });
});
