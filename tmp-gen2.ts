import { streamDemoHistory } from "./app/demo/history";
const s = streamDemoHistory();
const size: Record<string, [number, number]> = {};
let sample = "";
for (const d of s.deliveries()) { const e = size[d.topic] ?? [0,0]; e[0]++; e[1]+=d.body.length; size[d.topic]=e; if (!sample && d.topic==="orders/updated" && d.body.includes('"fulfillment_status":"fulfilled"') && !d.body.includes('"refunds":[{')) sample = d.body; }
for (const [k,[n,b]] of Object.entries(size)) console.log(k, n, Math.round(b/n), (b/1e6).toFixed(1)+"MB");
const o = JSON.parse(sample);
for (const [k,v] of Object.entries(o)) { const l = JSON.stringify(v)?.length ?? 0; if (l > 150) console.log(k, l); }
console.log("line item", JSON.stringify(o.line_items[0]).length, "lines", o.line_items.length);
