import { randomUUID } from "node:crypto";
import pg from "pg";
import { Prisma } from "./generated/client";
import type { Tx } from "./prisma.server";

// Raw SQL of an interactive transaction, sent straight over the transaction's own connection.
//
// Why: with the query compiler, every $queryRaw/$executeRaw goes through Prisma's WASM compiler,
// which costs ~1 ms per statement and ~40 µs per KB of parameters (measured here: a 400 KB json
// parameter took 20-30 ms through Prisma, 6 ms through pg). The full import sends megabytes per
// batch as json parameters; through Prisma that was most of its CPU time. The same statement on
// the same connection is the same transaction to PostgreSQL, so atomicity is unchanged.
//
// How: the pools Prisma runs on register their connections here (trackConnections). A transaction
// names its server process (pg_backend_pid) and sets a random marker local to the transaction; the
// tracked connection with that process id is used only if it sees the same marker, so a
// connection of another server or transaction is never taken for it. When none matches (an
// untracked pool), the statements keep going through Prisma.

// pg sets processID from the server's BackendKeyData; its type declarations leave it out.
type Connection = pg.PoolClient & { processID: number | null };
const connections = new Map<number, Set<Connection>>();

/** Makes the connections of `pool` findable by boundTransaction(). */
export function trackConnections(pool: pg.Pool): void {
  pool.on("connect", (poolClient) => {
    const client = poolClient as Connection;
    const remember = () => {
      // processID is known once the server has said hello.
      const pid = client.processID;
      if (pid === null) return;
      const set = connections.get(pid) ?? new Set();
      set.add(client);
      connections.set(pid, set);
      client.once("end", () => {
        set.delete(client);
        if (set.size === 0) connections.delete(pid);
      });
    };
    if (client.processID !== null) remember();
    else client.once("connect", remember);
  });
}

const MARKER = "crm.transaction_marker";

async function findConnection(tx: Tx): Promise<Connection | null> {
  const marker = randomUUID();
  const [probe] = await tx.$queryRaw<Array<{ pid: number }>>`
    SELECT pg_backend_pid() AS pid, set_config(${MARKER}, ${marker}, true) AS marker`;
  for (const client of connections.get(probe?.pid ?? -1) ?? []) {
    const seen = await client.query<{ marker: string | null }>("SELECT current_setting($1, true) AS marker", [MARKER]);
    if (seen.rows[0]?.marker === marker) return client;
  }
  return null;
}

/** Prisma's parameter types as pg wants them (Prisma stores DateTime as UTC wall time). */
function toPg(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Prisma.Decimal.isDecimal(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toPg);
  return value;
}

// Result types as $queryRaw returns them: int8 as BigInt, numeric as Decimal, timestamps without
// time zone as UTC (pg would read them as local time).
const OID = { int8: 20, numeric: 1700, timestamp: 1114, date: 1082 } as const;
const utc = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const resultTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === OID.int8) return (text: string) => BigInt(text);
    if (oid === OID.numeric) return (text: string) => new Prisma.Decimal(text);
    if (oid === OID.timestamp) return utc;
    if (oid === OID.date) return (text: string) => utc(`${text} 00:00:00`);
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

function statement(args: unknown[]): Prisma.Sql {
  const [first, ...values] = args;
  if (first instanceof Prisma.Sql) return first;
  return Prisma.sql(first as TemplateStringsArray, ...values);
}

/**
 * The transaction with $queryRaw and $executeRaw (tagged templates or Prisma.sql) sent over its
 * own pg connection; everything else still goes through Prisma. Returns `tx` itself when its
 * connection cannot be found.
 */
export async function boundTransaction(tx: Tx): Promise<Tx> {
  const client = await findConnection(tx);
  if (!client) return tx;
  const run = (args: unknown[]) => {
    const sql = statement(args);
    return client.query({ text: sql.text, values: sql.values.map(toPg), types: resultTypes });
  };
  return new Proxy(tx, {
    get(target, property, receiver) {
      if (property === "$queryRaw") return async (...args: unknown[]) => (await run(args)).rows;
      if (property === "$executeRaw") return async (...args: unknown[]) => (await run(args)).rowCount ?? 0;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
