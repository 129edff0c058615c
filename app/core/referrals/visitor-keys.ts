import { createHmac } from "node:crypto";

// The visitor of a referral link or claim, kept only as keyed hashes: the IP address (ipKey) and
// the IP address with the browser's user agent (deviceKey). Enough to count one visitor's clicks
// and claims; nothing that names them. The key is the app's secret, so the hashes are useless
// outside this installation, and the shop's id is hashed along, so they differ between shops.

const KEY_LENGTH = 32;
const UNKNOWN = "unknown";

export interface Visitor {
  ip: string;
  userAgent: string;
}

export interface VisitorKeys {
  ipKey: string;
  deviceKey: string;
}

function keyed(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value).digest("hex").slice(0, KEY_LENGTH);
}

export function ipKey(secret: string, shopId: string, ip: string): string {
  return keyed(secret, `${shopId}|${ip}`);
}

export function deviceKey(secret: string, shopId: string, ip: string, userAgent: string): string {
  return keyed(secret, `${shopId}|${ip}|${userAgent}`);
}

/**
 * The shopper behind a request that came through Shopify's app proxy: the proxy names the
 * shopper's address first in X-Forwarded-For (later entries are the proxies'). Without one the
 * visitor is "unknown" — all such requests count as one visitor, which errs on the strict side.
 */
export function visitorOf(request: Request): Visitor {
  const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const userAgent = request.headers.get("user-agent")?.trim();
  return { ip: ip || UNKNOWN, userAgent: userAgent || UNKNOWN };
}

export function visitorKeys(secret: string, shopId: string, visitor: Visitor): VisitorKeys {
  return { ipKey: ipKey(secret, shopId, visitor.ip), deviceKey: deviceKey(secret, shopId, visitor.ip, visitor.userAgent) };
}
