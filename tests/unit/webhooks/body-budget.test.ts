import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { BodyBudget, type ReleaseBytes } from "~/webhooks/body-budget";

const WAIT = 1_000;

/** Acquires and records the order in which grants and refusals arrive. */
function tracker(budget: BodyBudget) {
  const events: string[] = [];
  const releases = new Map<string, ReleaseBytes>();
  const ask = (name: string, bytes: number) =>
    budget.acquire(bytes, WAIT).then((release) => {
      events.push(release ? name : `${name} refused`);
      if (release) releases.set(name, release);
    });
  const release = (name: string) => releases.get(name)!();
  return { events, ask, release };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("a budget of body bytes", () => {
  test("grants at once what fits, and holds it until released", async () => {
    const budget = new BodyBudget(10);
    const { events, ask, release } = tracker(budget);
    await Promise.all([ask("a", 4), ask("b", 6)]);
    expect(events).toEqual(["a", "b"]);
    expect(budget.inUse).toBe(10);
    release("a");
    expect(budget.inUse).toBe(6);
  });

  test("a request that does not fit waits until enough is released", async () => {
    const budget = new BodyBudget(10);
    const { events, ask, release } = tracker(budget);
    await ask("a", 8);
    const waiting = ask("b", 5);
    await vi.advanceTimersByTimeAsync(10);
    expect(events).toEqual(["a"]);
    release("a");
    await waiting;
    expect(events).toEqual(["a", "b"]);
    expect(budget.inUse).toBe(5);
  });

  test("waiters are served in arrival order: a small one does not overtake a large one", async () => {
    const budget = new BodyBudget(10);
    const { events, ask, release } = tracker(budget);
    await ask("a", 6);
    const large = ask("large", 8);
    // It would fit beside "a", but "large" came first.
    const small = ask("small", 1);
    await vi.advanceTimersByTimeAsync(10);
    expect(events).toEqual(["a"]);
    release("a");
    await Promise.all([large, small]);
    expect(events).toEqual(["a", "large", "small"]);
  });

  test("more than the whole budget is granted alone, once nothing else is held", async () => {
    const budget = new BodyBudget(10);
    const { events, ask, release } = tracker(budget);
    await ask("a", 1);
    const huge = ask("huge", 50);
    await vi.advanceTimersByTimeAsync(10);
    expect(events).toEqual(["a"]);
    release("a");
    await huge;
    expect(budget.inUse).toBe(10);
    const after = ask("b", 1);
    await vi.advanceTimersByTimeAsync(10);
    expect(events).toEqual(["a", "huge"]);
    release("huge");
    await after;
    expect(events).toEqual(["a", "huge", "b"]);
  });

  test("a wait longer than allowed is refused; those behind it that fit are served", async () => {
    const budget = new BodyBudget(10);
    const { events, ask, release } = tracker(budget);
    await ask("a", 5);
    const large = ask("large", 10);
    await vi.advanceTimersByTimeAsync(WAIT / 2);
    const small = ask("small", 5);
    await vi.advanceTimersByTimeAsync(WAIT / 2);
    await Promise.all([large, small]);
    expect(events).toEqual(["a", "large refused", "small"]);
    expect(budget.inUse).toBe(10);
    release("a");
    release("small");
    expect(budget.inUse).toBe(0);
  });

  test("releasing twice gives the bytes back once", async () => {
    const budget = new BodyBudget(10);
    const { ask, release } = tracker(budget);
    await Promise.all([ask("a", 4), ask("b", 4)]);
    release("a");
    release("a");
    expect(budget.inUse).toBe(4);
  });
});
