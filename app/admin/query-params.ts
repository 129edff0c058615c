import type { z } from "zod";

/**
 * Reads a list page's query parameters one by one: a value that does not parse is left out and its
 * name (`invalid`) and value (`rejected`) kept, so the page applies the rest and names what it
 * ignored (a hand-edited URL).
 */
export function queryParamReader<S extends Record<string, z.ZodType>>(searchParams: URLSearchParams, schemas: S) {
  const rejected: Array<{ name: keyof S & string; value: string }> = [];
  const invalid: Array<keyof S & string> = [];
  const read = <K extends keyof S & string>(name: K): z.output<S[K]> | undefined => {
    const raw = searchParams.get(name);
    if (raw === null || raw === "") return undefined;
    const parsed = schemas[name]!.safeParse(raw);
    if (parsed.success) return parsed.data as z.output<S[K]>;
    rejected.push({ name, value: raw });
    invalid.push(name);
    return undefined;
  };
  return { read, rejected, invalid };
}
