import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/client";

export type Db = PrismaClient;
export type { Prisma };
/** A Prisma interactive-transaction client: services that must be atomic take one of these. */
export type Tx = Prisma.TransactionClient;

/** `poolMax` must be 1 on the embedded PGlite server, which serves one connection at a time. */
export function createPrismaClient(connectionString: string, poolMax: number): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: poolMax });
  return new PrismaClient({ adapter });
}
