import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// crm_uuid_v7() (migration time_ordered_ids): the keys of rows the app inserts with SQL.

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.close());

async function makeIds(count: number): Promise<string[]> {
  const { rows } = await runtime.database.sql.query<{ id: string }>(
    "SELECT crm_uuid_v7()::text AS id FROM generate_series(1, $1::int)",
    [count],
  );
  return rows.map((row) => row.id);
}

const millisecondsOf = (id: string) => parseInt(id.replaceAll("-", "").slice(0, 12), 16);

describe("time-ordered ids", () => {
  test("are RFC 9562 version 7 UUIDs, distinct, stamped with the database's clock in milliseconds", async () => {
    const before = Date.now();
    const ids = await makeIds(2_000);
    const after = Date.now();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // The database runs on this machine: its clock is ours, give or take a few milliseconds.
      expect(millisecondsOf(id)).toBeGreaterThanOrEqual(before - 50);
      expect(millisecondsOf(id)).toBeLessThanOrEqual(after + 50);
    }
  });

  test("ids made later sort after ids made earlier (a millisecond apart or more)", async () => {
    const earlier = await makeIds(50);
    await sleep(5);
    const later = await makeIds(50);
    const latestEarlier = [...earlier].sort().at(-1)!;
    expect(later.every((id) => id > latestEarlier)).toBe(true);
  });
});
