import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// PGlite (WASM PostgreSQL) served on loopback over the wire protocol, so the app talks to it with
// the same pg driver and Prisma adapter it uses for a real PostgreSQL. PGlite is single-connection:
// clients must use a pool of one.

export interface EmbeddedPostgres {
  connectionString: string;
  stop(): Promise<void>;
}

/** `dataDir` null keeps the database in memory (tests). */
export async function startEmbeddedPostgres(options: {
  dataDir: string | null;
  port?: number;
}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  // PGlite ships contrib extensions as modules to load; the migrations create pg_trgm (list search).
  const db = await PGlite.create(options.dataDir ?? "memory://", { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    // pg's pool drops a connection whose query failed and opens a new one at once, while the old
    // one is still closing; with room for only one, that reconnect is refused and the next query
    // fails too. The pool of one still keeps a single connection in use at a time.
    maxConnections: 2,
  });
  await server.start();
  const address = server.getServerConn();
  return {
    connectionString: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
