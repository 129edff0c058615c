import type { z } from "zod";

/**
 * Reads a list page's query parameters one by one: a value that does not parse is left out and its
 * name kept, so the page applies the rest and names what it ignored (a hand-edited URL).
 */
export function queryParamReader<S extends Record<string, z.ZodType>>(searchParams: URLSearchParams, schemas: S) {
  const invalid: string[] = [];
  const read = <K extends keyof S & string>(name: K): z.output<S[K]> | undefined => {
    const raw = searchParams.get(name);
    if (raw === null || raw === "") return undefined;
    const parsed = schemas[name]!.safeParse(raw);
    if (parsed.success) return parsed.data as z.output<S[K]>;
    invalid.push(name);
    return undefined;
  };
  return { read, invalid };
}
