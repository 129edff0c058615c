import { generateDemoHistory } from "./app/demo/history";
import { parseShopifyJson } from "./app/platforms/shopify/lossless-json";
import { mapShopifyWebhook } from "./app/platforms/shopify/map-webhook";
const h = generateDemoHistory();
let errors = 0; const errSamples: string[] = [];
const t = performance.now();
const orders = new Map<string, any>();
const emails = new Set<string>(); const custIds = new Set<string>();
const refundsByOrder = new Map<string, number>();
const byMonth: Record<string, number> = {};
for (const d of h.deliveries) {
  try {
    const payload = parseShopifyJson(d.body);
    const ev = mapShopifyWebhook({ topic: d.topic, payload, shopCurrency: "EUR", triggeredAt: new Date(d.triggeredAt) });
    if (ev.type === "order.upserted") { orders.set(ev.order.platformId, ev.order); if (d.topic === "orders/create") { emails.add(ev.order.email!); const m = ev.order.createdAt.toISOString().slice(0,7); byMonth[m] = (byMonth[m]??0)+1; } }
    if (ev.type === "customer.upserted") custIds.add(ev.customer.platformId);
    if (ev.type === "refund.created") refundsByOrder.set(ev.refund.orderPlatformId, (refundsByOrder.get(ev.refund.orderPlatformId) ?? 0) + 1);
  } catch (e) { errors++; if (errSamples.length < 5) errSamples.push(d.topic + ": " + (e as Error).message); }
}
console.log("map ms", (performance.now()-t).toFixed(0), "errors", errors, errSamples);
const os = [...orders.values()];
const guestOrders = os.filter(o => o.buyer?.platformId == null);
const guestEmails = new Set(guestOrders.map(o => o.email));
console.log("orders", os.length, "distinct emails", emails.size, "registered", custIds.size, "guest emails", guestEmails.size, "guest share", (guestEmails.size / (guestEmails.size + custIds.size)).toFixed(3));
console.log("cancelled", os.filter(o => o.cancelledAt).length, (os.filter(o => o.cancelledAt).length/os.length*100).toFixed(1)+"%");
const withRefund = os.filter(o => o.refunds.length > 0);
console.log("with refunds", withRefund.length, (withRefund.length/os.length*100).toFixed(1)+"%", "non-cancel", withRefund.filter(o=>!o.cancelledAt).length, "two refunds", os.filter(o => o.refunds.length >= 2).length);
console.log("fin status", Object.entries(os.reduce((a: any, o) => (a[o.financialStatus] = (a[o.financialStatus] ?? 0) + 1, a), {})));
console.log("CHF orders", os.filter(o => o.presentmentCurrency === "CHF").length);
console.log("discount codes", Object.entries(os.flatMap(o=>o.discountCodes).reduce((a: any, d) => (a[d.code] = (a[d.code] ?? 0) + 1, a), {})));
console.log(Object.entries(byMonth).sort().map(([m,n]) => `${m}:${n}`).join(" "));
// Pareto
const spend = new Map<string, bigint>();
for (const o of os) { const k = o.email; spend.set(k, (spend.get(k) ?? 0n) + o.totalMinor); }
const sorted = [...spend.values()].sort((a,b)=> (b>a?1:b<a?-1:0)); const tot = sorted.reduce((a,b)=>a+b,0n);
const top20 = sorted.slice(0, Math.round(sorted.length*0.2)).reduce((a,b)=>a+b,0n);
console.log("top20% share of revenue", Number(top20*1000n/tot)/10, "%");
const counts = new Map<string, number>(); for (const o of os) counts.set(o.email, (counts.get(o.email)??0)+1);
const hist: Record<number, number> = {}; for (const n of counts.values()) { const b = n >= 10 ? 10 : n; hist[b]=(hist[b]??0)+1; }
console.log("orders per buyer hist", hist, "max", Math.max(...counts.values()));
