import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "~/project-root.server";

// The storefront budget of the loyalty extension: Shopify's limit of 10,000 bytes of JavaScript
// per file and ours of 5 KB gzipped; static parts in Liquid, scripts only through the blocks'
// schema (which Shopify loads deferred) or as a deferred <script src> of the extension's own
// asset (the launcher's referral tab), never inline.

const EXTENSION = path.join(PROJECT_ROOT, "extensions/loyalty");
const files = (folder: string, extension: string) =>
  readdirSync(path.join(EXTENSION, folder))
    .filter((name) => name.endsWith(extension))
    .map((name) => path.join(folder, name));
const read = (file: string) => readFileSync(path.join(EXTENSION, file));

const DEFERRED_ASSET = /<script src="\{\{ '([\w-]+\.js)' \| asset_url \}\}" defer><\/script>/g;

/** The scripts a block loads: its schema's and its deferred asset tags'. */
function scriptsOf(block: string): string[] {
  const schema = JSON.parse(/{% schema %}([\s\S]*?){% endschema %}/.exec(block)?.[1] ?? "null") as { javascript?: string } | null;
  return [...block.matchAll(DEFERRED_ASSET)].map((match) => match[1]!).concat(schema?.javascript ?? []);
}

describe("extensions/loyalty stays within its budget", () => {
  test.each(files("assets", ".js"))("%s: at most 10,000 bytes and 5 KB gzipped", (file) => {
    const source = read(file);
    expect(source.byteLength).toBeLessThanOrEqual(10_000);
    expect(gzipSync(source, { level: 9 }).byteLength).toBeLessThanOrEqual(5 * 1024);
  });

  test.each(files("blocks", ".liquid"))("%s has no inline or render-blocking script", (file) => {
    const source = read(file).toString("utf8");
    expect(source.replace(DEFERRED_ASSET, "")).not.toMatch(/<script/i);
    for (const script of scriptsOf(source)) expect(files("assets", ".js")).toContain(`assets/${script}`);
  });

  test("every script is loaded by a block", () => {
    const loaded = files("blocks", ".liquid").flatMap((file) => scriptsOf(read(file).toString("utf8")));
    expect(files("assets", ".js").map((file) => path.basename(file)).filter((script) => !loaded.includes(script))).toEqual([]);
  });
});
