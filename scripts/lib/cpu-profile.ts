import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// A CPU profile of one stretch of a benchmark's work, taken in its own process through the
// inspector, and its self time summed by source file: in the compiled benchmark (bench-*.js, one
// bundle) the file is found through the bundle's source map, so the summary names app modules
// (app/core/recommendations/pair-table.ts), packages (pg, @prisma/client) and V8's own entries
// ((garbage collector), (idle): the thread waiting, here for the database).

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function profileCpu<T>(work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 500 });
    await session.post("Profiler.start");
    const result = await work();
    const { profile } = await session.post("Profiler.stop");
    return { result, profile: profile as unknown as CpuProfile };
  } finally {
    session.disconnect();
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export const PROFILER_ITSELF = "(the profiler itself)";
/** The thread waiting: for I/O, here mostly the database. */
export const IDLE = "(idle)";

/** Where a frame's code comes from: an app source file, a package, Node itself or a V8 entry. */
function sourceOf(frame: ProfileNode["callFrame"]): string {
  if (!frame.url) return `(${frame.functionName.replace(/[()]/g, "") || "anonymous"})`;
  // Profiler.stop's own work (building the profile) lands in the profile too.
  if (frame.url === "node:inspector") return PROFILER_ITSELF;
  if (frame.url.startsWith("node:")) return "node internals";
  // The schema's client engine (engineType "client") compiles queries in WebAssembly.
  if (frame.url.startsWith("wasm:")) return "wasm (Prisma's query compiler)";
  const file = frame.url.startsWith("file:") ? fileURLToPath(frame.url) : frame.url;
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (packageMatch) return packageMatch[1]!;
  const entry = findSourceMap(file)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry && "originalSource" in entry) {
    const original = entry.originalSource.startsWith("file:") ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
    const packageOfOriginal = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(original);
    return packageOfOriginal ? packageOfOriginal[1]! : path.relative(ROOT, original);
  }
  return path.relative(ROOT, file);
}

/** Self time (ms) by source, largest first. */
export function selfTimeBySource(profile: CpuProfile): { source: string; ms: number }[] {
  const sourceOfNode = new Map(profile.nodes.map((node) => [node.id, sourceOf(node.callFrame)] as const));
  const totals = new Map<string, number>();
  profile.samples.forEach((nodeId, index) => {
    const source = sourceOfNode.get(nodeId) ?? "?";
    totals.set(source, (totals.get(source) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return [...totals].map(([source, ms]) => ({ source, ms })).sort((a, b) => b.ms - a.ms);
}

/** Writes the profile where Chrome's DevTools (Performance → load profile) can open it. */
export function saveProfile(profile: CpuProfile, file: string): void {
  writeFileSync(file, JSON.stringify(profile));
}
