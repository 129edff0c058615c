import type { CustomerSnapshot, MarketingConsentState, PlatformId } from "~/core/platform";
import type { CustomerField, DomainFact, FactOf } from "./types";

// Facts of customer writes. Field values never enter a fact: customer.updated names the fields
// that changed, and states only the marketing consent (a state, not personal data).

/** The stored profile a snapshot is compared with. */
export interface StoredProfile {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  locale: string | null;
  tags: readonly string[];
  emailMarketingConsent: MarketingConsentState;
  deletedAt: Date | null;
}

export interface CustomerWrite {
  customerId: string;
  snapshot: CustomerSnapshot;
  /**
   * The account's stored profile; null when the account is new to the store (a new row, or a
   * guest row it took over: see `guestConsent`).
   */
  before: StoredProfile | null;
  /** Set when the account took over a guest row: the guest's consent, which a silent snapshot keeps. */
  guestConsent?: MarketingConsentState;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((tag, i) => tag === sorted[i]);
}

/** The fields a snapshot changes on a stored profile; what the snapshot does not state is kept. */
export function changedCustomerFields(before: StoredProfile, snapshot: CustomerSnapshot): CustomerField[] {
  const changed: CustomerField[] = [];
  for (const field of ["email", "firstName", "lastName", "phone", "locale"] as const) {
    if ((before[field] ?? null) !== (snapshot[field] ?? null)) changed.push(field);
  }
  if (snapshot.tags !== undefined && !sameTags(before.tags, snapshot.tags)) changed.push("tags");
  if (snapshot.emailMarketingConsent !== undefined && snapshot.emailMarketingConsent !== before.emailMarketingConsent) {
    changed.push("emailMarketingConsent");
  }
  // A written snapshot brings a deleted account back.
  if (before.deletedAt !== null) changed.push("deletedAt");
  return changed;
}

/** customer.created for an account new to the store, customer.updated when fields changed, else nothing. */
export function customerWriteFacts(write: CustomerWrite): DomainFact[] {
  const { snapshot, customerId } = write;
  const customer = { id: customerId, platformId: snapshot.platformId as PlatformId | null };
  if (write.before === null) {
    return [
      {
        kind: "customer.created",
        occurredAt: snapshot.createdAt,
        customerId,
        data: {
          customer,
          fromGuest: write.guestConsent !== undefined,
          emailMarketingConsent: snapshot.emailMarketingConsent ?? write.guestConsent ?? "UNKNOWN",
        },
      },
    ];
  }
  const changed = changedCustomerFields(write.before, snapshot);
  if (changed.length === 0) return [];
  const fact: FactOf<"customer.updated"> = {
    kind: "customer.updated",
    occurredAt: snapshot.updatedAt,
    customerId,
    data: { customer, changed },
  };
  if (changed.includes("emailMarketingConsent")) {
    fact.data.emailMarketingConsent = { before: write.before.emailMarketingConsent, after: snapshot.emailMarketingConsent! };
  }
  return [fact];
}

/** The platform deleted the account (its orders stay; personal data goes only with a redaction). */
export function customerDeletedFact(customerId: string, platformId: PlatformId, occurredAt: Date): FactOf<"customer.updated"> {
  return {
    kind: "customer.updated",
    occurredAt,
    customerId,
    data: { customer: { id: customerId, platformId }, changed: ["deletedAt"] },
  };
}

/** The customer's personal data was erased: programs erase what they keep about the customer. */
export function customerRedactedFact(customerId: string, occurredAt: Date): FactOf<"customer.redacted"> {
  return { kind: "customer.redacted", occurredAt, customerId, data: { customer: { id: customerId, platformId: null } } };
}
