import type { Tx } from "./prisma.server";

/**
 * A value read at most once per transaction and key: for what the transaction's own writes never
 * change (a shop's program, its webhook endpoints) and many facts handled in one transaction ask
 * for. It goes with the transaction's client.
 */
export function transactionMemo<T>(): (tx: Tx, key: string, read: () => Promise<T>) => Promise<T> {
  const byTransaction = new WeakMap<Tx, Map<string, Promise<T>>>();
  return (tx, key, read) => {
    const values = byTransaction.get(tx) ?? new Map<string, Promise<T>>();
    byTransaction.set(tx, values);
    const known = values.get(key);
    if (known) return known;
    const value = read();
    values.set(key, value);
    // A failed read is not kept: after a rollback to a savepoint the transaction reads again.
    value.catch(() => values.delete(key));
    return value;
  };
}
