import { generateDemoHistory } from "./app/demo/history";
const base = process.memoryUsage();
const t = performance.now();
const h = generateDemoHistory();
const ms = performance.now() - t;
(globalThis as any).gc?.();
const m = process.memoryUsage();
let nonLatin = 0; for (const d of h.deliveries) if (/[^\u0000-\u00ff]/.test(d.body)) nonLatin++;
console.log(`ms ${ms.toFixed(0)} heapUsed after gc ${(m.heapUsed/1e6).toFixed(0)} (base ${(base.heapUsed/1e6).toFixed(0)}) rss ${(m.rss/1e6).toFixed(0)} (base ${(base.rss/1e6).toFixed(0)}) nonLatin1 bodies ${nonLatin}`);
