import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/client";
import { trackConnections } from "./transaction-sql.server";

export type Db = PrismaClient;
export type { Prisma };
/** A Prisma interactive-transaction client: services that must be atomic take one of these. */
export type Tx = Prisma.TransactionClient;
/** Plain SQL on the pool Prisma uses, for the few hot statements where Prisma's per-query cost matters. */
export type SqlClient = Pick<pg.Pool, "query">;

export interface DatabaseClients {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Prisma on a pg pool of its own making, shared with plain SQL callers. `poolMax` must be 1 on
 * the embedded PGlite server, which serves one connection at a time.
 */
export function createDatabaseClients(connectionString: string, poolMax: number): DatabaseClients {
  const pool = new pg.Pool({ connectionString, max: poolMax });
  // An idle connection the server closes (restart, failover) is dropped and replaced on next use;
  // without a listener its error would end the process.
  pool.on("error", (error) => console.warn(`[db] idle connection lost: ${error.message}`));
  // Lets a long import send its raw SQL over its transaction's connection (transaction-sql.server).
  trackConnections(pool);
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    db,
    pool,
    async close() {
      await db.$disconnect();
      await pool.end();
    },
  };
}
