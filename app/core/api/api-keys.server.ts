import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "~/db/prisma.server";

// The merchant's API keys. The secret is shown once, when the key is made; the store keeps only
// its SHA-256 and its first characters (so the merchant can tell keys apart). A revoked key stays
// listed, and no request gets through with it again.

const SECRET_START = "crm_";
const PREFIX_LENGTH = SECRET_START.length + 8;
/** Last use is written at most this often: a busy integration does not write the key's row on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const apiKeyNameSchema = z.string().trim().min(1).max(60);

export interface ApiKeyItem {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const KEY_FIELDS = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;
const toItem = (key: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiKeyItem => ({
  ...key,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

export function hashApiSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** A new key and its secret in plain text: the one time the merchant sees it. */
export async function createApiKey(db: Db, shopId: string, name: string): Promise<{ key: ApiKeyItem; secret: string }> {
  const secret = `${SECRET_START}${randomBytes(32).toString("base64url")}`;
  const key = await db.apiKey.create({
    data: { shopId, name: apiKeyNameSchema.parse(name), prefix: secret.slice(0, PREFIX_LENGTH), secretHash: hashApiSecret(secret) },
    select: KEY_FIELDS,
  });
  return { key: toItem(key), secret };
}

/** The shop's keys, newest first, revoked ones included. */
export async function listApiKeys(db: Db, shopId: string): Promise<ApiKeyItem[]> {
  const keys = await db.apiKey.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, select: KEY_FIELDS });
  return keys.map(toItem);
}

/** Revokes the shop's key (a second time keeps the first time). Whether the key is the shop's. */
export async function revokeApiKey(db: Db, shopId: string, keyId: string, now: Date): Promise<boolean> {
  const key = await db.apiKey.findFirst({ where: { id: keyId, shopId }, select: { id: true } });
  if (!key) return false;
  await db.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: now } });
  return true;
}

export type ApiCaller = { ok: true; apiKeyId: string; shopId: string } | { ok: false; reason: "missing" | "unknown" | "revoked" };

/**
 * The key a request's `Authorization: Bearer <secret>` names. The secret is looked up by its
 * hash: comparing hashes in the index reveals nothing about the secret, so no constant-time
 * comparison is needed. A key of a shop that uninstalled the app counts as revoked.
 */
export async function authenticateApiKey(db: Db, authorization: string | null, now: Date): Promise<ApiCaller> {
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!secret) return { ok: false, reason: "missing" };
  const key = await db.apiKey.findUnique({
    where: { secretHash: hashApiSecret(secret) },
    select: { id: true, shopId: true, revokedAt: true, lastUsedAt: true, shop: { select: { status: true } } },
  });
  if (!key) return { ok: false, reason: "unknown" };
  if (key.revokedAt || key.shop.status !== "ACTIVE") return { ok: false, reason: "revoked" };
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { ok: true, apiKeyId: key.id, shopId: key.shopId };
}
