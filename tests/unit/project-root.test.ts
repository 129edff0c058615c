import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { PROJECT_ROOT, projectRootAbove } from "~/project-root.server";

let scratch: string | null = null;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});

describe("projectRootAbove", () => {
  test("finds the nearest folder with a package.json, from source and from the compiled build alike", () => {
    scratch = mkdtempSync(path.join(tmpdir(), "crm-root-"));
    writeFileSync(path.join(scratch, "package.json"), "{}");
    for (const nested of ["app/db", "build/node"]) {
      mkdirSync(path.join(scratch, nested), { recursive: true });
      expect(projectRootAbove(path.join(scratch, nested))).toBe(scratch);
    }
  });

  test("names the folder when no package.json is above it", () => {
    scratch = mkdtempSync(path.join(tmpdir(), "crm-root-"));
    expect(() => projectRootAbove(scratch!)).toThrow(`No package.json above ${scratch}`);
  });

  test("from the app's own modules it is the repository's root", () => {
    expect(PROJECT_ROOT).toBe(path.resolve(import.meta.dirname, "../.."));
  });
});
