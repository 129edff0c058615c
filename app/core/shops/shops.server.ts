import type { PlatformName } from "~/core/platform";
import type { Db, Tx } from "~/db/prisma.server";

export async function findOrCreateShop(db: Db | Tx, platform: PlatformName, domain: string) {
  return db.shop.upsert({
    where: { platform_domain: { platform, domain } },
    create: { platform, domain },
    update: {},
  });
}

export async function findShop(db: Db | Tx, platform: PlatformName, domain: string) {
  return db.shop.findUnique({ where: { platform_domain: { platform, domain } } });
}

/** After an install or re-install: the shop is active again with its new offline token. */
export async function recordInstall(
  db: Db | Tx,
  input: {
    platform: PlatformName;
    domain: string;
    sealedAccessToken: string;
    scopes: string | null;
    name?: string | null;
    currency?: string | null;
    platformShopId?: string | null;
  },
) {
  const details = {
    status: "ACTIVE" as const,
    accessTokenEncrypted: input.sealedAccessToken,
    scopes: input.scopes,
    uninstalledAt: null,
    ...(input.name ? { name: input.name } : {}),
    ...(input.currency ? { currency: input.currency } : {}),
    ...(input.platformShopId ? { platformShopId: input.platformShopId } : {}),
  };
  return db.shop.upsert({
    where: { platform_domain: { platform: input.platform, domain: input.domain } },
    create: { platform: input.platform, domain: input.domain, ...details, installedAt: new Date() },
    update: { ...details, installedAt: new Date() },
  });
}

/**
 * The CRM data stays (a re-install continues it) until the shop's redaction; credentials go at
 * once (the platform adapter removes its own, e.g. Shopify's sessions).
 */
export async function recordUninstall(tx: Tx, shopId: string, occurredAt: Date) {
  await tx.shop.update({
    where: { id: shopId },
    data: { status: "UNINSTALLED", uninstalledAt: occurredAt, accessTokenEncrypted: null },
  });
}

export async function recordScopes(tx: Tx, shopId: string, scopes: string[]) {
  await tx.shop.update({ where: { id: shopId }, data: { scopes: scopes.join(",") } });
}
