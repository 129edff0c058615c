import { describe, expect, it } from "vitest";
import { earnedMailIsTimely, EARNED_MAIL_WITHIN_MS } from "~/core/notifications/mail-kinds";

describe("a points-earned mail goes out only for a recent earning", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it.each([
    ["earned a moment ago", 0, true],
    ["earned a day ago", 86_400_000, true],
    ["earned exactly three days ago", EARNED_MAIL_WITHIN_MS, true],
    ["earned three days and a second ago (a late webhook, a replayed history)", EARNED_MAIL_WITHIN_MS + 1_000, false],
    ["earned two years ago (the demo's history, a backfill)", 730 * 86_400_000, false],
    // A platform clock a little ahead of ours is still news.
    ["dated a minute ahead of our clock", -60_000, true],
  ])("%s", (_, age, timely) => {
    expect(earnedMailIsTimely(new Date(now.getTime() - age), now)).toBe(timely);
  });
});
