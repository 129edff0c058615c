import { readFileSync } from "node:fs";
import path from "node:path";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/shopify");

/** The raw text of a Shopify fixture (`orders/create` → orders-create.json): ids stay bare 64-bit numbers. */
export function shopifyFixture(topic: string): string {
  return readFileSync(path.join(FIXTURES, `${topic.replace("/", "-")}.json`), "utf8");
}

/** Replaces every occurrence, failing loudly when the text is not there (a fixture changed). */
export function replaceAll(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`Fixture text not found: ${from}`);
  return text.split(from).join(to);
}
