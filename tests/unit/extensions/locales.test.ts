import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "~/project-root.server";

// German and English side by side: the storefront's and the theme editor's texts have the same
// keys in both languages, and every `t:` key a block's schema names exists.

const LOCALES = path.join(PROJECT_ROOT, "extensions/loyalty/locales");
const BLOCKS = path.join(PROJECT_ROOT, "extensions/loyalty/blocks");
const load = (name: string) => JSON.parse(readFileSync(path.join(LOCALES, name), "utf8")) as Record<string, unknown>;

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe("extensions/loyalty locales", () => {
  test.each([
    ["en.default.json", "de.json"],
    ["en.default.schema.json", "de.schema.json"],
  ])("%s and %s have the same keys", (english, german) => {
    expect(keys(load(german)).sort()).toEqual(keys(load(english)).sort());
  });

  test("every t: key of the blocks' schemas is translated", () => {
    const schemaKeys = new Set(keys(load("en.default.schema.json")));
    const used = readdirSync(BLOCKS).flatMap((file) => [...readFileSync(path.join(BLOCKS, file), "utf8").matchAll(/"t:([\w.]+)"/g)].map((match) => match[1]!));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((key) => !schemaKeys.has(key))).toEqual([]);
  });
});
