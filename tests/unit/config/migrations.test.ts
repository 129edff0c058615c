import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { latestSchemaSnapshot } from "~/db/migrator.server";

test("prisma/schema.prisma has no change without a migration (npm run db:migration -- <name>)", async () => {
  const snapshot = await latestSchemaSnapshot();
  expect(snapshot).not.toBeNull();
  const schema = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");
  expect(readFileSync(snapshot!, "utf8")).toBe(schema);
});
