import type { AreaTranslation } from "./area";

// Cross-sell recommendations as the merchant reviews them (app/core/recommendations/explain.ts):
// where each recommended product comes from, and for an automatic pair its support, confidence and
// lift in words. {product} is the product the list belongs to, {other} the recommended one. The
// pair sentence has three endings, by whether the pair is bought together more, as or less often
// than orders overall (lift above, at or below 1 after rounding).

export const recommendationsEn = {
  "recommendations.source.pin": "Pinned",
  "recommendations.source.pair": "Bought together",
  "recommendations.source.collection": "Collection bestseller",
  "recommendations.source.bestseller": "Shop bestseller",

  "recommendations.explain.pin": "Pinned to {product} by hand.",
  "recommendations.explain.pairMore":
    "Orders with both: {orders} ({support} % of all orders). {confidence} % of orders with {product} also contain {other}, {lift}× as often as orders overall.",
  "recommendations.explain.pairSame":
    "Orders with both: {orders} ({support} % of all orders). {confidence} % of orders with {product} also contain {other}, as often as orders overall.",
  "recommendations.explain.pairLess":
    "Orders with both: {orders} ({support} % of all orders). {confidence} % of orders with {product} also contain {other}, only {lift}× as often as orders overall.",
  "recommendations.explain.collection": "One of the bestsellers in the collections of {product}.",
  "recommendations.explain.bestseller": "One of the shop's bestsellers.",
  "recommendations.explain.decay": "Recent orders count more: an order {halfLifeDays} days old counts half as much.",
} as const;

export const recommendationsDe: AreaTranslation<typeof recommendationsEn> = {
  "recommendations.source.pin": "Angeheftet",
  "recommendations.source.pair": "Zusammen gekauft",
  "recommendations.source.collection": "Bestseller der Kollektion",
  "recommendations.source.bestseller": "Bestseller des Shops",

  "recommendations.explain.pin": "Von Hand an {product} angeheftet.",
  "recommendations.explain.pairMore":
    "Bestellungen mit beiden: {orders} ({support} % aller Bestellungen). {confidence} % der Bestellungen mit {product} enthalten auch {other}, {lift}-mal so oft wie Bestellungen insgesamt.",
  "recommendations.explain.pairSame":
    "Bestellungen mit beiden: {orders} ({support} % aller Bestellungen). {confidence} % der Bestellungen mit {product} enthalten auch {other}, genauso oft wie Bestellungen insgesamt.",
  "recommendations.explain.pairLess":
    "Bestellungen mit beiden: {orders} ({support} % aller Bestellungen). {confidence} % der Bestellungen mit {product} enthalten auch {other}, nur {lift}-mal so oft wie Bestellungen insgesamt.",
  "recommendations.explain.collection": "Einer der Bestseller in den Kollektionen von {product}.",
  "recommendations.explain.bestseller": "Einer der Bestseller des Shops.",
  "recommendations.explain.decay": "Neuere Bestellungen zählen mehr: Eine {halfLifeDays} Tage alte Bestellung zählt halb so viel.",
};
