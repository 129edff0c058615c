import { generateDemoHistory } from "./app/demo/history";
const t0 = performance.now();
const h = generateDemoHistory();
const t1 = performance.now();
const mem = process.memoryUsage();
const counts: Record<string, number> = {};
let bytes = 0;
for (const d of h.deliveries) { counts[d.topic] = (counts[d.topic] ?? 0) + 1; bytes += d.body.length; }
console.log(`time ${(t1 - t0).toFixed(0)} ms, rss ${(mem.rss/1e6).toFixed(0)} MB heapUsed ${(mem.heapUsed/1e6).toFixed(0)} MB, bodies ${(bytes/1e6).toFixed(0)} MB`);
console.log(h.deliveries.length, counts);
console.log(h.deliveries.find(d => d.topic === "orders/create")!.body.slice(0, 3000));
