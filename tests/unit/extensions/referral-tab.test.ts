import { describe, expect, it } from "vitest";
import { StorefrontRenderer, type StorefrontContext } from "~/demo/storefront/liquid.server";

// The launcher's referral tab as the storefront renders it: the tabs start hidden (referrals.js
// shows them once the program is on), the friend's e-mail field only for a signed-out shopper,
// the share controls only for a signed-in one, and its script deferred from the extension's assets.

const renderer = new StorefrontRenderer();
const context = (locale: "de" | "en", signedIn: boolean): StorefrontContext => ({
  locale,
  currency: "EUR",
  shopName: "Alpenröster",
  customer: signedIn ? { id: "1", first_name: "Anna", last_name: "Berg", name: "Anna Berg", email: "anna@example.de" } : null,
  path: "/demo-store",
});

describe("the launcher's referral tab", () => {
  it("signed out: tabs hidden at first, a labelled e-mail field for the claim, a way to sign in", async () => {
    const html = await renderer.renderBlock("launcher", context("en", false));
    expect(html).toMatch(/<div class="crm-loyalty__tabs" role="tablist"[^>]*hidden>/);
    expect(html).toContain('data-proxy-referrals="/apps/crm/referrals"');
    expect(html).toContain('<script src="/demo-store/assets/loyalty/referrals.js" defer></script>');
    expect(html).toMatch(/<label for="crm-launcher-ref-email">Your e-mail address<\/label>\s*<input id="crm-launcher-ref-email" name="email" type="email"/);
    expect(html).toContain("Sign in to get your link");
    expect(html).not.toContain('data-crm-ref="copy-link"');
    expect(html).toContain('data-from="A gift from %s"');
    expect(html).not.toContain("translation missing");
  });

  it("signed in (German): the link's field and share buttons, no e-mail field", async () => {
    const html = await renderer.renderBlock("launcher", context("de", true));
    expect(html).toMatch(/role="tab"[^>]*data-crm-tab="referrals">\s*Freunde werben\s*</);
    expect(html).toMatch(/<label for="crm-launcher-ref-link">Ihr Link zum Teilen<\/label>/);
    expect(html).toContain("Über WhatsApp teilen");
    expect(html).not.toContain('name="email"');
    expect(html).not.toContain("translation missing");
  });
});
