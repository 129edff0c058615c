import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deviceKey, ipKey, visitorKeys, visitorOf } from "~/core/referrals/visitor-keys";

const SHOP = "0190a1b2-0000-7000-8000-000000000001";
const OTHER_SHOP = "0190a1b2-0000-7000-8000-000000000002";

describe("visitor keys", () => {
  it("are HMAC-SHA256 under the app's secret of shop and address (and user agent), the first 32 hex characters", () => {
    const expected = createHmac("sha256", "secret").update(`${SHOP}|203.0.113.7`).digest("hex").slice(0, 32);
    expect(ipKey("secret", SHOP, "203.0.113.7")).toBe(expected);
    expect(deviceKey("secret", SHOP, "203.0.113.7", "Firefox")).toBe(
      createHmac("sha256", "secret").update(`${SHOP}|203.0.113.7|Firefox`).digest("hex").slice(0, 32),
    );
  });

  it("differ between shops, secrets, addresses and browsers, and repeat for the same visitor", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.string(), fc.string(), (ip, otherIp, agent, otherAgent) => {
        const keys = visitorKeys("secret", SHOP, { ip, userAgent: agent });
        expect(keys.ipKey).toMatch(/^[0-9a-f]{32}$/);
        expect(keys.deviceKey).toMatch(/^[0-9a-f]{32}$/);
        expect(visitorKeys("secret", SHOP, { ip, userAgent: agent })).toEqual(keys);
        expect(visitorKeys("secret", OTHER_SHOP, { ip, userAgent: agent }).ipKey).not.toBe(keys.ipKey);
        expect(visitorKeys("other-secret", SHOP, { ip, userAgent: agent }).ipKey).not.toBe(keys.ipKey);
        if (otherIp !== ip) expect(ipKey("secret", SHOP, otherIp)).not.toBe(keys.ipKey);
        if (otherAgent !== agent) {
          const other = visitorKeys("secret", SHOP, { ip, userAgent: otherAgent });
          expect(other.ipKey).toBe(keys.ipKey);
          expect(other.deviceKey).not.toBe(keys.deviceKey);
        }
      }),
    );
  });
});

describe("visitorOf", () => {
  const request = (headers: Record<string, string>) => new Request("https://crm.example.test/proxy/r/ANNA-7K3Q", { headers });

  it("takes the first address the proxy forwards and the user agent", () => {
    expect(visitorOf(request({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1, 10.0.0.2", "user-agent": "Mozilla/5.0" }))).toEqual({
      ip: "203.0.113.7",
      userAgent: "Mozilla/5.0",
    });
    expect(visitorOf(request({ "x-forwarded-for": "2001:db8::1" })).ip).toBe("2001:db8::1");
  });

  it("names a visitor without either 'unknown'", () => {
    expect(visitorOf(request({}))).toEqual({ ip: "unknown", userAgent: "unknown" });
    expect(visitorOf(request({ "x-forwarded-for": " , 10.0.0.1", "user-agent": "  " }))).toEqual({ ip: "unknown", userAgent: "unknown" });
  });
});
