import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { changedCustomerFields, customerRedactedFact, customerWriteFacts, type StoredProfile } from "~/core/facts/customer-facts";
import type { CustomerSnapshot } from "~/core/platform";
import { day } from "../../../helpers/snapshots";

const snapshot = (overrides: Partial<CustomerSnapshot> = {}): CustomerSnapshot => ({
  platformId: "C1",
  email: "anna.berg@example.org",
  firstName: "Anna",
  lastName: "Berg",
  phone: "+49 30 1234567",
  emailMarketingConsent: "SUBSCRIBED",
  consentUpdatedAt: day(1),
  tags: ["vip", "kaffee"],
  locale: "de",
  address: undefined,
  createdAt: day(0),
  updatedAt: day(2),
  ...overrides,
});

const stored: StoredProfile = {
  email: "anna.berg@example.org",
  firstName: "Anna",
  lastName: "Berg",
  phone: "+49 30 1234567",
  locale: "de",
  tags: ["kaffee", "vip"],
  emailMarketingConsent: "SUBSCRIBED",
  deletedAt: null,
};

describe("facts of a customer write", () => {
  test("an account new to the store is created, with its consent", () => {
    const [fact, ...rest] = customerWriteFacts({ customerId: "c", snapshot: snapshot(), before: null });
    expect(rest).toEqual([]);
    expect(fact).toEqual({
      kind: "customer.created",
      occurredAt: day(0),
      customerId: "c",
      data: { customer: { id: "c", platformId: "C1" }, fromGuest: false, emailMarketingConsent: "SUBSCRIBED" },
    });
  });

  test("an account taking over a guest is created from the guest, keeping the guest's consent when it says none", () => {
    const [fact] = customerWriteFacts({ customerId: "g", snapshot: snapshot({ emailMarketingConsent: undefined }), before: null, guestConsent: "NOT_SUBSCRIBED" });
    expect(fact!.data).toEqual({ customer: { id: "g", platformId: "C1" }, fromGuest: true, emailMarketingConsent: "NOT_SUBSCRIBED" });
  });

  test("a newer version that changes nothing writes no fact; tag order and unstated fields are no change", () => {
    expect(customerWriteFacts({ customerId: "c", snapshot: snapshot(), before: stored })).toEqual([]);
    expect(customerWriteFacts({ customerId: "c", snapshot: snapshot({ tags: undefined, emailMarketingConsent: undefined }), before: stored })).toEqual([]);
  });

  test("an update names the fields that changed, never their values; consent with its states", () => {
    const facts = customerWriteFacts({
      customerId: "c",
      snapshot: snapshot({ email: "anna@new.example", lastName: "Berg-Schmidt", emailMarketingConsent: "UNSUBSCRIBED", tags: ["vip"] }),
      before: stored,
    });
    expect(facts).toEqual([
      {
        kind: "customer.updated",
        occurredAt: day(2),
        customerId: "c",
        data: {
          customer: { id: "c", platformId: "C1" },
          changed: ["email", "lastName", "tags", "emailMarketingConsent"],
          emailMarketingConsent: { before: "SUBSCRIBED", after: "UNSUBSCRIBED" },
        },
      },
    ]);
  });

  test("a written version brings a deleted account back", () => {
    expect(changedCustomerFields({ ...stored, deletedAt: day(1) }, snapshot())).toEqual(["deletedAt"]);
  });

  test("a redacted customer's fact names only our id", () => {
    expect(customerRedactedFact("c", day(3)).data).toEqual({ customer: { id: "c", platformId: null } });
  });

  test("no personal data gets into a customer fact", () => {
    const personal = fc.string({ minLength: 4 }).map((s) => `Pers0nal:${s}`);
    const field = fc.option(personal, { nil: null });
    fc.assert(
      fc.property(field, field, field, field, field, field, field, field, fc.boolean(), (e1, f1, l1, p1, e2, f2, l2, p2, isNew) => {
        const before: StoredProfile = { ...stored, email: e1, firstName: f1, lastName: l1, phone: p1, tags: [String(e1)] };
        const facts = customerWriteFacts({
          customerId: "c",
          snapshot: snapshot({ email: e2, firstName: f2, lastName: l2, phone: p2, tags: [String(f2)] }),
          before: isNew ? null : before,
        });
        expect(JSON.stringify(facts)).not.toContain("Pers0nal:");
      }),
    );
  });
});
