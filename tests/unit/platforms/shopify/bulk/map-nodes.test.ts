import { describe, expect, test } from "vitest";
import { PayloadError } from "~/platforms/shopify/errors";
import { parseJsonlLine } from "~/platforms/shopify/bulk/jsonl";
import { mapCustomerNode, mapOrderNode, mapProductNode, refundGidsOf } from "~/platforms/shopify/bulk/map-nodes";

// Nodes as the Admin API writes them (a bulk JSONL record with its children gathered), ids of 19
// digits: beyond 2^53, so only exact text survives.
const ORDER = `{
  "id": "gid://shopify/Order/5987654321098765432",
  "name": "#1043", "email": "Bo@Example.org", "phone": null,
  "createdAt": "2024-05-30T12:02:41Z", "updatedAt": "2024-06-05T14:30:04Z", "processedAt": "2024-05-30T12:02:40Z",
  "cancelledAt": null, "cancelReason": null, "test": false, "tags": ["vip", "web"], "sourceName": "web",
  "displayFinancialStatus": "PARTIALLY_REFUNDED", "displayFulfillmentStatus": "PARTIALLY_FULFILLED",
  "currencyCode": "EUR", "presentmentCurrencyCode": "CHF",
  "subtotalPriceSet": {"shopMoney": {"amount": "90.0", "currencyCode": "EUR"}, "presentmentMoney": {"amount": "87.30", "currencyCode": "CHF"}},
  "totalDiscountsSet": {"shopMoney": {"amount": "10.0", "currencyCode": "EUR"}, "presentmentMoney": {"amount": "9.70", "currencyCode": "CHF"}},
  "totalShippingPriceSet": {"shopMoney": {"amount": "5.9", "currencyCode": "EUR"}, "presentmentMoney": {"amount": "5.72", "currencyCode": "CHF"}},
  "totalTaxSet": {"shopMoney": {"amount": "15.31", "currencyCode": "EUR"}, "presentmentMoney": {"amount": "14.85", "currencyCode": "CHF"}},
  "totalPriceSet": {"shopMoney": {"amount": "95.9", "currencyCode": "EUR"}, "presentmentMoney": {"amount": "93.02", "currencyCode": "CHF"}},
  "customer": {"id": "gid://shopify/Customer/7021234567890123457", "firstName": " Bo ", "lastName": "Example",
               "defaultEmailAddress": {"emailAddress": "BO@example.org"}, "defaultPhoneNumber": null},
  "billingAddress": {"firstName": "Bill", "lastName": "Payer", "phone": "+41 44 000 00 00", "city": " Zürich ", "countryCodeV2": "CH"},
  "shippingAddress": {"address1": " Rheinweg 3 ", "address2": "", "city": "Basel", "zip": "4058", "countryCodeV2": "CH"},
  "customerJourneySummary": {"firstVisit": {"landingPage": "https://shop.example/?ref=x", "referrerUrl": null}},
  "refunds": [{"id": "gid://shopify/Refund/9123456789012345678", "createdAt": "2024-06-05T14:30:00Z", "note": "",
               "totalRefundedSet": {"shopMoney": {"amount": "30.00", "currencyCode": "EUR"}, "presentmentMoney": {"amount": "29.10", "currencyCode": "CHF"}}}],
  "lineItems": [
    {"__typename": "LineItem", "id": "gid://shopify/LineItem/1357924680135792468", "title": "Trail Jacket", "variantTitle": "M / Blue", "sku": "TJ-M-B",
     "quantity": 2, "product": {"id": "gid://shopify/Product/8123456789012345678"}, "variant": {"id": "gid://shopify/ProductVariant/4412345678901234567"}, "customAttributes": [{"key": "_crm_rec", "value": "8123456789012345600"}],
     "originalUnitPriceSet": {"shopMoney": {"amount": "40.00", "currencyCode": "EUR"}},
     "totalDiscountSet": {"shopMoney": {"amount": "0.00", "currencyCode": "EUR"}},
     "discountAllocations": [{"allocatedAmountSet": {"shopMoney": {"amount": "8.00", "currencyCode": "EUR"}},
                              "discountApplication": {"__typename": "DiscountCodeApplication", "code": "SUMMER10"}},
                             {"allocatedAmountSet": {"shopMoney": {"amount": "2.00", "currencyCode": "EUR"}},
                              "discountApplication": {"__typename": "AutomaticDiscountApplication"}}],
     "taxLines": [{"priceSet": {"shopMoney": {"amount": "11.18", "currencyCode": "EUR"}}}]},
    {"__typename": "LineItem", "id": "gid://shopify/LineItem/1357924680135792469", "title": "Gift card", "variantTitle": null, "sku": "",
     "quantity": 1, "product": null, "variant": null,
     "originalUnitPriceSet": {"shopMoney": {"amount": "20", "currencyCode": "EUR"}},
     "totalDiscountSet": {"shopMoney": {"amount": "0.00", "currencyCode": "EUR"}},
     "discountAllocations": [], "taxLines": []}
  ],
  "discountApplications": [
    {"__typename": "DiscountCodeApplication", "allocationMethod": "ACROSS", "targetType": "LINE_ITEM",
     "value": {"__typename": "PricingPercentageValue", "percentage": 10.0}, "code": "SUMMER10"},
    {"__typename": "AutomaticDiscountApplication", "allocationMethod": "ACROSS", "targetType": "LINE_ITEM",
     "value": {"__typename": "MoneyV2", "amount": "2.0", "currencyCode": "EUR"}},
    {"__typename": "DiscountCodeApplication", "allocationMethod": "EACH", "targetType": "SHIPPING_LINE",
     "value": {"__typename": "MoneyV2", "amount": "5.9", "currencyCode": "EUR"}, "code": "FREESHIP"}
  ],
  "shippingLines": [{"__typename": "ShippingLine", "id": "gid://shopify/ShippingLine/123", "title": "Post",
    "discountAllocations": [{"allocatedAmountSet": {"shopMoney": {"amount": "5.90", "currencyCode": "EUR"}},
                             "discountApplication": {"__typename": "DiscountCodeApplication", "code": "FREESHIP"}}]}]
}`;

const REFUND_LINES = new Map([
  [
    "gid://shopify/Refund/9123456789012345678",
    [
      {
        id: "gid://shopify/RefundLineItem/2222222222222222222",
        quantity: 1,
        restockType: "RETURN",
        lineItem: { id: "gid://shopify/LineItem/1357924680135792468" },
        subtotalSet: { shopMoney: { amount: "30.00", currencyCode: "EUR" } },
        totalTaxSet: { shopMoney: { amount: "4.79", currencyCode: "EUR" } },
      },
      {
        id: null,
        quantity: 1,
        restockType: "NO_RESTOCK",
        lineItem: { id: "gid://shopify/LineItem/1357924680135792469" },
        subtotalSet: { shopMoney: { amount: "0.00", currencyCode: "EUR" } },
        totalTaxSet: null,
      },
    ],
  ],
]);

describe("mapOrderNode", () => {
  test("maps a realistic order node exactly: money from shopMoney, ids from gids, the buyer's total from presentmentMoney", () => {
    const node = parseJsonlLine(ORDER.replace(/\n\s*/g, " "));
    expect(refundGidsOf(node)).toEqual(["gid://shopify/Refund/9123456789012345678"]);
    const order = mapOrderNode(node, REFUND_LINES);
    expect(order).toEqual({
      platformId: "5987654321098765432",
      name: "#1043",
      orderNumber: 1043,
      email: "bo@example.org",
      buyer: { platformId: "7021234567890123457", email: "bo@example.org", firstName: "Bo", lastName: "Example", phone: "+41 44 000 00 00" },
      currency: "EUR",
      subtotalMinor: 9000n,
      totalDiscountsMinor: 1000n,
      totalShippingMinor: 590n,
      totalTaxMinor: 1531n,
      totalMinor: 9590n,
      presentmentCurrency: "CHF",
      presentmentTotalMinor: 9302n,
      financialStatus: "partially_refunded",
      fulfillmentStatus: "partial",
      cancelledAt: null,
      cancelReason: null,
      test: false,
      tags: ["vip", "web"],
      sourceName: "web",
      landingSite: "https://shop.example/?ref=x",
      referringSite: null,
      // Trimmed; the billing address is the buyer's, the parcel went elsewhere.
      shippingAddress: { address1: "Rheinweg 3", address2: null, zip: "4058", city: "Basel", countryCode: "CH" },
      billingAddress: { city: "Zürich", countryCode: "CH" },
      processedAt: new Date("2024-05-30T12:02:40Z"),
      createdAt: new Date("2024-05-30T12:02:41Z"),
      updatedAt: new Date("2024-06-05T14:30:04Z"),
      lineItems: [
        {
          platformId: "1357924680135792468",
          productPlatformId: "8123456789012345678",
          variantPlatformId: "4412345678901234567",
          title: "Trail Jacket",
          variantTitle: "M / Blue",
          sku: "TJ-M-B",
          quantity: 2,
          unitPriceMinor: 4000n,
          totalDiscountMinor: 1000n,
          totalTaxMinor: 1118n,
          recommendedFrom: "8123456789012345600",
        },
        {
          platformId: "1357924680135792469",
          productPlatformId: null,
          variantPlatformId: null,
          title: "Gift card",
          variantTitle: null,
          sku: null,
          quantity: 1,
          unitPriceMinor: 2000n,
          totalDiscountMinor: 0n,
          totalTaxMinor: 0n,
          recommendedFrom: null,
        },
      ],
      discountCodes: [
        { code: "SUMMER10", kind: "percentage", amountMinor: 800n },
        { code: "FREESHIP", kind: "shipping", amountMinor: 590n },
      ],
      refunds: [
        {
          platformId: "9123456789012345678",
          orderPlatformId: "5987654321098765432",
          note: null,
          amountMinor: 3000n,
          currency: "EUR",
          processedAt: new Date("2024-06-05T14:30:00Z"),
          lineItems: [
            { platformId: "2222222222222222222", lineItemPlatformId: "1357924680135792468", quantity: 1, subtotalMinor: 3000n, totalTaxMinor: 479n, restockType: "return" },
            { platformId: "1357924680135792469", lineItemPlatformId: "1357924680135792469", quantity: 1, subtotalMinor: 0n, totalTaxMinor: 0n, restockType: "no_restock" },
          ],
        },
      ],
    });
  });

  test("a guest order (no customer) takes the buyer from the order email and billing address", () => {
    const node = { ...(JSON.parse(ORDER) as Record<string, unknown>), customer: null, refunds: [] };
    const order = mapOrderNode(node);
    expect(order.buyer).toEqual({ platformId: null, email: "bo@example.org", firstName: "Bill", lastName: "Payer", phone: "+41 44 000 00 00" });
  });

  test("money in another currency than the order's, or a gid of the wrong type, is refused with its path", () => {
    const base = JSON.parse(ORDER) as Record<string, unknown>;
    const foreign = { ...base, totalTaxSet: { shopMoney: { amount: "1.00", currencyCode: "USD" } } };
    expect(() => mapOrderNode(foreign)).toThrow(PayloadError);
    expect(() => mapOrderNode(foreign)).toThrow(/totalTaxSet\.shopMoney\.currencyCode: is USD/);
    expect(() => mapOrderNode({ ...base, id: "gid://shopify/Customer/1" })).toThrow(/Expected a gid of type Order/);
    expect(() => mapOrderNode({ ...base, totalPriceSet: { shopMoney: { amount: 95.9, currencyCode: "EUR" } } })).toThrow(/binary float/);
    expect(() => mapOrderNode({ ...base, updatedAt: "2024-06-05 14:30:04" })).toThrow(/updatedAt/);
  });
});

describe("mapCustomerNode", () => {
  test("reads email, consent and phone from the default address and number", () => {
    const node = parseJsonlLine(
      '{"id":"gid://shopify/Customer/7021234567890123457","firstName":"Ana","lastName":null,"locale":"de-CH","tags":["vip"," vip ",""],' +
        '"createdAt":"2023-01-01T00:00:00Z","updatedAt":"2024-01-02T03:04:05+01:00",' +
        '"defaultEmailAddress":{"emailAddress":" Ana@Example.COM ","marketingState":"SUBSCRIBED","marketingUpdatedAt":"2023-05-01T00:00:00Z"},' +
        '"defaultPhoneNumber":{"phoneNumber":"+41790000000"},' +
        '"defaultAddress":{"address1":"Seestrasse 12","address2":"c/o Meier","city":"Zürich","zip":"8001","provinceCode":"ZH","countryCodeV2":"CH"}}',
    );
    expect(mapCustomerNode(node)).toEqual({
      platformId: "7021234567890123457",
      email: "ana@example.com",
      firstName: "Ana",
      lastName: null,
      phone: "+41790000000",
      emailMarketingConsent: "SUBSCRIBED",
      consentUpdatedAt: new Date("2023-05-01T00:00:00Z"),
      tags: ["vip"],
      locale: "de-CH",
      address: { address1: "Seestrasse 12", address2: "c/o Meier", city: "Zürich", zip: "8001", provinceCode: "ZH", countryCode: "CH" },
      createdAt: new Date("2023-01-01T00:00:00Z"),
      updatedAt: new Date("2024-01-02T02:04:05Z"),
    });
  });

  test("no email address means no consent; INVALID is not read as permission", () => {
    const base = { id: "gid://shopify/Customer/1", tags: [], createdAt: "2023-01-01T00:00:00Z", updatedAt: "2023-01-01T00:00:00Z" };
    expect(mapCustomerNode({ ...base, defaultEmailAddress: null })).toMatchObject({ email: null, emailMarketingConsent: "UNKNOWN", consentUpdatedAt: null });
    expect(mapCustomerNode({ ...base, defaultEmailAddress: { emailAddress: "a@b.co", marketingState: "INVALID" } }).emailMarketingConsent).toBe("UNKNOWN");
  });
});

describe("mapProductNode", () => {
  test("variants and collections from the child lines; prices in the shop currency; availability like the webhooks'", () => {
    const node = {
      id: "gid://shopify/Product/8123456789012345678",
      title: "Trail Jacket",
      handle: "trail-jacket",
      status: "DRAFT",
      vendor: "Alpine",
      productType: "",
      tags: ["outdoor"],
      createdAt: "2023-01-01T00:00:00Z",
      updatedAt: "2024-01-01T00:00:00Z",
      featuredMedia: null,
      variants: [
        { id: "gid://shopify/ProductVariant/4412345678901234567", title: "M", sku: "", price: "129.95", inventoryQuantity: 0, inventoryPolicy: "CONTINUE", inventoryItem: { tracked: true } },
        { id: "gid://shopify/ProductVariant/4412345678901234568", title: "L", sku: "TJ-L", price: "129", inventoryQuantity: 0, inventoryPolicy: "DENY", inventoryItem: { tracked: false } },
        { id: "gid://shopify/ProductVariant/4412345678901234569", title: "XL", sku: null, price: "129.95", inventoryQuantity: 0, inventoryPolicy: "DENY", inventoryItem: { tracked: true } },
      ],
      collections: [{ id: "gid://shopify/Collection/3123456789012345678" }],
    };
    const product = mapProductNode(node, "EUR");
    expect(product).toMatchObject({
      platformId: "8123456789012345678",
      status: "draft",
      productType: null,
      imageUrl: null,
      collectionIds: ["3123456789012345678"],
    });
    expect(product.variants.map((variant) => [variant.platformId, variant.sku, variant.priceMinor, variant.available])).toEqual([
      ["4412345678901234567", null, 12995n, true],
      ["4412345678901234568", "TJ-L", 12900n, true],
      ["4412345678901234569", null, 12995n, false],
    ]);
    // A price the shop currency cannot hold is refused, not rounded.
    expect(() => mapProductNode(node, "JPY")).toThrow(/variants\[0\]\.price: .*JPY/);
  });
});
