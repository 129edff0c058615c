import { describe, expect, it } from "vitest";
import { compareDataRequests, dataRequestDeadline } from "~/core/privacy/request-deadline";

const DAY = 24 * 60 * 60 * 1000;
const RECEIVED = new Date("2026-03-10T23:30:00.000Z");
const at = (ms: number) => new Date(RECEIVED.getTime() + ms);

describe("dataRequestDeadline", () => {
  it("is due exactly 30 days after the request arrived", () => {
    expect(dataRequestDeadline(RECEIVED, null, RECEIVED).dueAt.toISOString()).toBe("2026-04-09T23:30:00.000Z");
  });

  // Age of an open request → its urgency and the whole days left (rounded up).
  it.each([
    [0, "open", 30],
    [1, "open", 30],
    [DAY, "open", 29],
    [19 * DAY, "open", 11],
    [20 * DAY - 1, "open", 11],
    [20 * DAY, "open", 10],
    [20 * DAY + 1, "urgent", 10],
    [22 * DAY, "urgent", 8],
    [29 * DAY + 1, "urgent", 1],
    [30 * DAY - 1, "urgent", 1],
    [30 * DAY, "urgent", 0],
    [30 * DAY + 1, "overdue", 0],
    [31 * DAY, "overdue", -1],
    [400 * DAY, "overdue", -370],
  ] as const)("after %i ms an open request is %s with %i days left", (age, urgency, daysLeft) => {
    const deadline = dataRequestDeadline(RECEIVED, null, at(age));
    expect(deadline.urgency).toBe(urgency);
    expect(deadline.daysLeft).toBe(daysLeft);
  });

  it.each([0, 21 * DAY, 45 * DAY])("an answered request is answered at any age (%i ms)", (age) => {
    expect(dataRequestDeadline(RECEIVED, at(DAY), at(age)).urgency).toBe("answered");
  });

  it("counts instants, not calendar days: the same instant written in other offsets gives the same deadline", () => {
    const berlin = new Date("2026-03-11T00:30:00+01:00");
    const newYork = new Date("2026-03-10T19:30:00-04:00");
    const now = new Date("2026-03-31T01:00:00+02:00");
    expect(dataRequestDeadline(berlin, null, now)).toEqual(dataRequestDeadline(RECEIVED, null, now));
    expect(dataRequestDeadline(newYork, null, now)).toEqual(dataRequestDeadline(RECEIVED, null, now));
  });

  it("crosses a daylight-saving change without gaining or losing an hour", () => {
    // Europe changes its clocks on 2026-03-29; the deadline is still 30 × 24 hours later.
    const { dueAt } = dataRequestDeadline(RECEIVED, null, RECEIVED);
    expect(dueAt.getTime() - RECEIVED.getTime()).toBe(30 * DAY);
  });
});

describe("compareDataRequests", () => {
  const open = (dueDay: number) => ({ name: `open-${dueDay}`, dueAt: at(dueDay * DAY), answeredAt: null });
  const answered = (answeredDay: number) => ({
    name: `answered-${answeredDay}`,
    dueAt: at(0),
    answeredAt: at(answeredDay * DAY),
  });

  it("puts open requests first, soonest due on top, then answered ones, latest answer first", () => {
    const sorted = [answered(1), open(30), answered(5), open(3), open(12)].sort(compareDataRequests);
    expect(sorted.map((request) => request.name)).toEqual(["open-3", "open-12", "open-30", "answered-5", "answered-1"]);
  });

  it("keeps equal requests equal", () => {
    expect(compareDataRequests(open(4), open(4))).toBe(0);
    expect(compareDataRequests(answered(2), answered(2))).toBe(0);
  });
});
