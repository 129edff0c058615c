import { readFileSync } from "node:fs";

import { parseShopifyJson } from "~/platforms/shopify/lossless-json";

/** Raw text of tests/fixtures/shopify/<name>.json (read as text: JSON imports would round ids). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../../fixtures/shopify/${name}.json`, import.meta.url), "utf8");
}

export function loadFixture(name: string): unknown {
  return parseShopifyJson(fixtureText(name));
}

/** A deep, independently mutable copy of a fixture as a plain record, for malformed-payload tests. */
export function fixtureRecord(name: string): Record<string, unknown> {
  const value = loadFixture(name);
  if (!isRecord(value)) throw new Error(`Fixture ${name} is not a JSON object`);
  return value;
}

type Key = string | number;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function containerAt(root: unknown, path: readonly Key[]): Record<string, unknown> | unknown[] {
  let node: unknown = root;
  for (const key of path) {
    node = Array.isArray(node) && typeof key === "number" ? node[key] : isRecord(node) ? node[String(key)] : undefined;
  }
  if (Array.isArray(node) || isRecord(node)) return node;
  throw new Error(`No object or array at ${path.join(".")}`);
}

/** Sets (or, with `undefined`, deletes) the value at `path` inside a parsed fixture. */
export function setIn(root: unknown, path: readonly Key[], value: unknown): void {
  const parent = containerAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined) throw new Error("empty path");
  if (Array.isArray(parent) && typeof last === "number") {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (isRecord(parent)) {
    if (value === undefined) Reflect.deleteProperty(parent, String(last));
    else parent[String(last)] = value;
  } else {
    throw new Error(`Cannot set ${path.join(".")}`);
  }
}

/** Removes every `*_set` money object, leaving only the plain decimal fields (older API shape). */
export function withoutMoneySets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMoneySets);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.endsWith("_set"))
      .map(([key, child]) => [key, withoutMoneySets(child)]),
  );
}
