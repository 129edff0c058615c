import { cp, mkdtemp, rm, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { themeCheckRun, type Offense } from "@shopify/theme-check-node";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "~/project-root.server";

// Shopify's theme check with its theme app extension rules, on the loyalty extension. It runs
// offline: it cannot download the latest Liquid docs here and falls back to the copy it bundles.

const EXTENSION = path.join(PROJECT_ROOT, "extensions/loyalty");
const CONFIG = "theme-check:theme-app-extension";

async function check(root: string): Promise<{ offenses: Offense[]; log: string[] }> {
  const log: string[] = [];
  const run = await themeCheckRun(root, CONFIG, (message) => log.push(message));
  return { offenses: run.offenses, log };
}

const readable = (offenses: readonly Offense[]) =>
  offenses.map((offense) => `${offense.check} ${path.relative(EXTENSION, new URL(offense.uri).pathname)}: ${offense.message}`);

describe("theme check on extensions/loyalty", () => {
  test("reports nothing", { timeout: 60_000 }, async () => {
    const { offenses } = await check(EXTENSION);
    expect(readable(offenses)).toEqual([]);
  });

  test("does check: a copy with an unknown filter and an untranslated key fails", { timeout: 60_000 }, async () => {
    const copy = await mkdtemp(path.join(tmpdir(), "loyalty-extension-"));
    try {
      await cp(EXTENSION, copy, { recursive: true });
      await appendFile(path.join(copy, "blocks/product-points.liquid"), "{{ 'loyalty.missing' | t }}{{ product | no_such_filter }}");
      const { offenses } = await check(copy);
      expect(offenses.map((offense) => offense.check).sort()).toEqual(["TranslationKeyExists", "UnknownFilter"]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
