import { z } from "zod";

// The `t` filter of a theme app extension's blocks, as Shopify evaluates it: the key is looked up
// in the extension's locale file for the shopper's language (the default file otherwise), a
// pluralised entry picks its form by `count` with the language's plural rules, and `{{ name }}`
// placeholders take the filter's named arguments.

export interface LocaleTree {
  readonly [key: string]: string | LocaleTree;
}

export const localeTreeSchema: z.ZodType<LocaleTree> = z.lazy(() => z.record(z.string(), z.union([z.string(), localeTreeSchema])));

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

function lookup(tree: LocaleTree, key: string): string | LocaleTree | undefined {
  let node: string | LocaleTree | undefined = tree;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return node;
}

/**
 * The text for `key`, or Shopify's "translation missing: <locale>.<key>" (which shows the gap on
 * the page rather than hiding it).
 */
export function translateExtension(
  trees: { locale: string; tree: LocaleTree; fallback: LocaleTree },
  key: string,
  vars: Readonly<Record<string, unknown>>,
): string {
  let entry = lookup(trees.tree, key) ?? lookup(trees.fallback, key);
  if (entry !== undefined && typeof entry !== "string" && typeof vars.count === "number") {
    const form: string = new Intl.PluralRules(trees.locale).select(vars.count);
    entry = entry[form] ?? entry.other;
  }
  if (typeof entry !== "string") return `translation missing: ${trees.locale}.${key}`;
  return entry.replace(PLACEHOLDER, (placeholder, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : placeholder));
}
