import { z } from "zod";

// Sizes of the fault scenarios: small enough for `npm test` by default, full size from the
// environment (README, "Fault tests").

const sizes = z.object({
  CRM_FAULTS_SCALE: z.coerce.number().positive().default(1),
  CRM_FAULTS_BODY_STORE_MB: z.coerce.number().int().positive().default(100),
});

export const FAULT_SIZES = (() => {
  const parsed = sizes.parse(process.env);
  return { scale: parsed.CRM_FAULTS_SCALE, bodyStoreMb: parsed.CRM_FAULTS_BODY_STORE_MB };
})();

/** `base` deliveries times CRM_FAULTS_SCALE. */
export const scaled = (base: number) => Math.max(1, Math.round(base * FAULT_SIZES.scale));

/** Prints what a scenario checked and its figures in one block (vitest shows it under the test). */
export function report(scenario: string, lines: string[]): void {
  const text = [`[faults] ${scenario}`, ...lines.map((line) => `[faults]   ${line}`)].join("\n");
  console.log(text);
}
