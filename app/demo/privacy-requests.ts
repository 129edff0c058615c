// The demo shop's privacy requests, as Shopify forwards them: customers asking for their data
// (customers/data_request) and one asking to be erased (customers/redact). They make the privacy
// page realistic: one request from two days ago, one from 22 days ago (urgent: ten days or fewer
// left), a guest's from nine days ago, and an erasure of a customer gone quiet for months, which
// Shopify sends only when the customer has not ordered in the last six months. Pure: the planned
// customers decide everything.

import type { CustomerPlan } from "./model";
import { DAY, HOUR, MINUTE } from "./shop-time";

export type PrivacyTopic = "customers/data_request" | "customers/redact";

export interface PrivacyRequestPlan {
  at: number;
  topic: PrivacyTopic;
  customer: CustomerPlan;
  /** Shopify's data request id; null for a redaction. */
  requestId: string | null;
}

/** The demo shop's id in Shopify (compliance webhooks name it). */
const DEMO_SHOP_ID = "68123456789";
const DATA_REQUEST_ID_BASE = 9_100_000_000;
// Shopify sends customers/redact only for customers without an order in the last six months.
const QUIET_BEFORE_REDACTION = 200 * DAY;

function lastActivity(customer: CustomerPlan): number {
  const times = [customer.signupAt ?? 0, ...customer.consent.map((record) => record.at)];
  for (const order of customer.orders) {
    times.push(order.createdAt, order.paidAt ?? 0, order.fulfilledAt ?? 0, order.cancel?.at ?? 0);
    times.push(...order.refunds.map((refund) => refund.at));
  }
  return Math.max(...times);
}

function ordersBefore(customer: CustomerPlan, at: number) {
  return customer.orders.filter((order) => order.createdAt < at);
}

/** `end` is the history's exclusive end (a local midnight); requests come in the afternoon. */
export function planPrivacyRequests(customers: readonly CustomerPlan[], end: number): PrivacyRequestPlan[] {
  const chosen = new Set<CustomerPlan>();
  const pick = (matches: (customer: CustomerPlan) => boolean): CustomerPlan | null => {
    const customer = customers.find((candidate) => !chosen.has(candidate) && matches(candidate)) ?? null;
    if (customer) chosen.add(customer);
    return customer;
  };
  const registered = (customer: CustomerPlan, at: number, orders: number) =>
    !customer.guest && customer.id !== null && (customer.signupAt ?? at) < at && ordersBefore(customer, at).length >= orders;

  const plans: PrivacyRequestPlan[] = [];
  const dataRequest = (daysAgo: number, matches: (customer: CustomerPlan, at: number) => boolean) => {
    const at = end - daysAgo * DAY + 14 * HOUR + daysAgo * 7 * MINUTE;
    const customer = pick((candidate) => matches(candidate, at));
    if (customer) {
      plans.push({ at, topic: "customers/data_request", customer, requestId: String(DATA_REQUEST_ID_BASE + plans.length + 1) });
    }
  };
  dataRequest(22, (customer, at) => customer.segment === "regular" && registered(customer, at, 2));
  dataRequest(9, (customer, at) => customer.guest && ordersBefore(customer, at).length >= 1);
  dataRequest(2, (customer, at) => customer.segment === "loyal" && registered(customer, at, 3));

  const redactAt = end - 5 * DAY + 9 * HOUR + 41 * MINUTE;
  const erased = pick((customer) => registered(customer, redactAt, 1) && lastActivity(customer) < redactAt - QUIET_BEFORE_REDACTION);
  if (erased) plans.push({ at: redactAt, topic: "customers/redact", customer: erased, requestId: null });
  return plans;
}

const BARE_ID = /^\d{1,19}$/;

/** An id as Shopify writes it: a bare JSON number. */
function bareId(value: string | null): string {
  if (value === null) return "null";
  if (!BARE_ID.test(value)) throw new RangeError(`demo privacy request: ${value} is not a Shopify id`);
  return value;
}

/** The body Shopify posts for the request, with the customer's orders up to the request. */
export function privacyRequestPayload(plan: PrivacyRequestPlan, shopDomain: string): string {
  const { person } = plan.customer;
  const orderIds = ordersBefore(plan.customer, plan.at).map((order) => bareId(order.id));
  const customer = `{"id":${bareId(plan.customer.id)},"email":${JSON.stringify(person.email)},"phone":${JSON.stringify(person.phone)}}`;
  const head = `"shop_id":${DEMO_SHOP_ID},"shop_domain":${JSON.stringify(shopDomain)},"customer":${customer}`;
  return plan.topic === "customers/data_request"
    ? `{${head},"orders_requested":[${orderIds.join(",")}],"data_request":{"id":${bareId(plan.requestId)}}}`
    : `{${head},"orders_to_redact":[${orderIds.join(",")}]}`;
}
