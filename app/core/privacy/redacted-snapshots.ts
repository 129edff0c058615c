import { normalizeEmail } from "~/core/customers/email";
import type { CustomerSnapshot, OrderAddress, OrderPlace, OrderSnapshot, PlatformId } from "~/core/platform";

// After a redaction, the platform may still send records of the person: an order update, a
// reconciliation's copy of an old order. They are applied without the personal data, linked to
// the pseudonymous customer row the redaction left, so the shop's figures stay whole and the
// person does not come back.

/** A redacted person a record names, as the store knows them after the redaction. */
export interface RedactedPerson {
  /** The pseudonymous platform id of the customer row the person's orders link to; null when that row is gone. */
  pseudonym: string | null;
}

/** Finds redacted people by the values that identified them (see tombstones.server.ts). */
export interface RedactedPeople {
  byCustomerId(platformId: PlatformId): RedactedPerson | undefined;
  byEmail(emailNormalized: string): RedactedPerson | undefined;
}

/** No one of the shop was ever redacted. */
export const NO_REDACTED_PEOPLE: RedactedPeople = { byCustomerId: () => undefined, byEmail: () => undefined };

function byEmail(people: RedactedPeople, email: string | null | undefined): RedactedPerson | undefined {
  const normalized = normalizeEmail(email);
  return normalized ? people.byEmail(normalized) : undefined;
}

/** The redacted person a customer record is about, if it is about one. */
export function redactedCustomer(people: RedactedPeople, customer: CustomerSnapshot): RedactedPerson | undefined {
  return people.byCustomerId(customer.platformId) ?? byEmail(people, customer.email);
}

/** The redacted person who placed an order, if one did. */
export function redactedBuyer(people: RedactedPeople, order: OrderSnapshot): RedactedPerson | undefined {
  const { buyer } = order;
  return (
    (buyer?.platformId ? people.byCustomerId(buyer.platformId) : undefined) ??
    byEmail(people, order.email) ??
    byEmail(people, buyer?.email)
  );
}

function countryOnly(address: OrderPlace | null): OrderPlace | null {
  return address && { city: null, countryCode: address.countryCode };
}

function shippingCountryOnly(address: OrderAddress | null): OrderAddress | null {
  return address && { address1: null, address2: null, zip: null, city: null, countryCode: address.countryCode };
}

/**
 * The order as the redaction left the stored ones: no e-mail, contact, street, postal code, city,
 * visit or tags; the buyer is the pseudonymous row. Country, amounts and line items stay
 * (pseudonymous figures).
 */
export function orderWithoutPerson(order: OrderSnapshot, person: RedactedPerson): OrderSnapshot {
  return {
    ...order,
    email: null,
    buyer: person.pseudonym
      ? { platformId: person.pseudonym, email: null, firstName: null, lastName: null, phone: null }
      : null,
    tags: [],
    landingSite: null,
    referringSite: null,
    shippingAddress: shippingCountryOnly(order.shippingAddress),
    billingAddress: countryOnly(order.billingAddress),
  };
}

export interface RecordsWithoutRedactedPeople {
  /** The customer records of people not redacted: a redacted person's record is nothing but personal data. */
  customers: CustomerSnapshot[];
  orders: OrderSnapshot[];
  /** Platform ids of the records that named a redacted person (their stored copies are scrubbed). */
  named: { customers: Set<PlatformId>; orders: Set<PlatformId> };
}

export function withoutRedactedPeople(
  people: RedactedPeople,
  customers: readonly CustomerSnapshot[],
  orders: readonly OrderSnapshot[],
): RecordsWithoutRedactedPeople {
  const named = { customers: new Set<PlatformId>(), orders: new Set<PlatformId>() };
  const keptCustomers = customers.filter((customer) => {
    if (!redactedCustomer(people, customer)) return true;
    named.customers.add(customer.platformId);
    return false;
  });
  const keptOrders = orders.map((order) => {
    const person = redactedBuyer(people, order);
    if (!person) return order;
    named.orders.add(order.platformId);
    return orderWithoutPerson(order, person);
  });
  return { customers: keptCustomers, orders: keptOrders, named };
}

/** The values a lookup needs to answer for these records. */
export function identifyingValues(customers: readonly CustomerSnapshot[], orders: readonly OrderSnapshot[]) {
  const customerIds = new Set<PlatformId>();
  const emails = new Set<string>();
  const addEmail = (email: string | null | undefined) => {
    const normalized = normalizeEmail(email);
    if (normalized) emails.add(normalized);
  };
  for (const customer of customers) {
    customerIds.add(customer.platformId);
    addEmail(customer.email);
  }
  for (const order of orders) {
    if (order.buyer?.platformId) customerIds.add(order.buyer.platformId);
    addEmail(order.email);
    addEmail(order.buyer?.email);
  }
  return { customerIds: [...customerIds], emails: [...emails] };
}
