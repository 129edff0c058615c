import { describe, expect, test } from "vitest";
import { assignGuests, buyerContact } from "~/core/customers/identity";

describe("buyerContact", () => {
  const buyer = { platformId: "207", email: " Ana@Example.COM ", firstName: "Ana", lastName: "B", phone: null };

  test("an account buyer keeps its platform id; the email is normalized for matching", () => {
    expect(buyerContact(buyer, "other@example.com")).toEqual({
      platformId: "207",
      email: " Ana@Example.COM ",
      emailNormalized: "ana@example.com",
      firstName: "Ana",
      lastName: "B",
      phone: null,
    });
  });

  test("a guest is known by the order's email when the buyer has none", () => {
    expect(buyerContact({ ...buyer, platformId: null, email: null }, "Gast@Example.org")).toMatchObject({
      platformId: null,
      emailNormalized: "gast@example.org",
    });
    expect(buyerContact(null, "Gast@Example.org")).toMatchObject({ platformId: null, email: "Gast@Example.org" });
  });

  test("an empty platform id is no account", () => {
    expect(buyerContact({ ...buyer, platformId: "" }, null).platformId).toBeNull();
  });

  test("no usable email, no match key", () => {
    expect(buyerContact(null, "not an email").emailNormalized).toBeNull();
    expect(buyerContact(null, null).emailNormalized).toBeNull();
  });
});

describe("assignGuests", () => {
  const guests = new Map([
    ["a@example.com", { id: "guest-a" }],
    ["b@example.com", { id: "guest-b" }],
  ]);

  test("the first claimant of an email takes the guest row; later claimants and unmatched emails do not", () => {
    const claims = [
      { platformId: "1", emailNormalized: "x@example.com" },
      { platformId: "2", emailNormalized: "a@example.com" },
      { platformId: "3", emailNormalized: "a@example.com" },
      { platformId: "4", emailNormalized: null },
      { platformId: "5", emailNormalized: "b@example.com" },
    ];
    expect(assignGuests(claims, guests).map(({ claim, guest }) => [claim.platformId, guest.id])).toEqual([
      ["2", "guest-a"],
      ["5", "guest-b"],
    ]);
  });
});
