import { describe, expect, it } from "vitest";
import type { Tx } from "~/db/prisma.server";
import { transactionMemo } from "~/db/transaction-memo";

const transaction = () => ({}) as Tx;

describe("transactionMemo", () => {
  it("reads once per transaction and key", async () => {
    const memo = transactionMemo<number>();
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    const tx = transaction();
    expect(await memo(tx, "a", read)).toBe(1);
    expect(await memo(tx, "a", read)).toBe(1);
    expect(await memo(tx, "b", read)).toBe(2);
    expect(await memo(transaction(), "a", read)).toBe(3);
  });

  it("reads again after a failed read", async () => {
    const memo = transactionMemo<string>();
    const tx = transaction();
    await expect(memo(tx, "a", () => Promise.reject(new Error("connection lost")))).rejects.toThrow("connection lost");
    expect(await memo(tx, "a", () => Promise.resolve("read again"))).toBe("read again");
  });
});
