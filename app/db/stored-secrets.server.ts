import type { Db } from "./prisma.server";
import { SecretBox } from "~/security/secret-box.server";

// At start, before any request: every stored secret must open with the configured keys. A wrong
// CRM_ENCRYPTION_KEY otherwise only shows later, as failures of every job that needs a shop's
// access token. Secrets sealed with a previous key (a rotation) are sealed anew with the current
// one, so that the previous key can be removed afterwards.

export class StoredSecretsError extends Error {
  override name = "StoredSecretsError";
}

interface SealedValue {
  describe: string;
  sealed: string;
  reseal(sealed: string): Promise<unknown>;
}

async function sealedValues(db: Db): Promise<SealedValue[]> {
  const shops = await db.shop.findMany({
    where: { accessTokenEncrypted: { not: null } },
    select: { id: true, domain: true, accessTokenEncrypted: true },
  });
  const sessions = await db.session.findMany({ select: { id: true, accessToken: true, refreshToken: true } });
  const endpoints = await db.outboundWebhookEndpoint.findMany({ select: { id: true, secretEncrypted: true } });
  return [
    ...endpoints.map((endpoint) => ({
      describe: `the signing secret of webhook endpoint ${endpoint.id}`,
      sealed: endpoint.secretEncrypted,
      reseal: (sealed: string) => db.outboundWebhookEndpoint.update({ where: { id: endpoint.id }, data: { secretEncrypted: sealed } }),
    })),
    ...shops.map((shop) => ({
      describe: `the access token of shop ${shop.domain}`,
      sealed: shop.accessTokenEncrypted!,
      reseal: (sealed: string) => db.shop.update({ where: { id: shop.id }, data: { accessTokenEncrypted: sealed } }),
    })),
    ...sessions.flatMap((session) =>
      (["accessToken", "refreshToken"] as const).flatMap((field) => {
        const sealed = session[field];
        // Sessions stored before sealing was introduced, or without a token, hold nothing to check.
        if (!sealed || !SecretBox.isSealed(sealed)) return [];
        return [
          {
            describe: `the ${field} of session ${session.id}`,
            sealed,
            reseal: (resealed: string) => db.session.update({ where: { id: session.id }, data: { [field]: resealed } }),
          },
        ];
      }),
    ),
  ];
}

/** Refuses a key that cannot open what is stored; seals anew what a previous key sealed. Returns how many were sealed anew. */
export async function checkStoredSecrets(db: Db, box: SecretBox): Promise<number> {
  const values = await sealedValues(db);
  const unreadable: string[] = [];
  const stale: Array<{ value: SealedValue; plaintext: string }> = [];
  for (const value of values) {
    try {
      const { plaintext, current } = box.openWithKey(value.sealed);
      if (!current) stale.push({ value, plaintext });
    } catch {
      unreadable.push(value.describe);
    }
  }
  if (unreadable.length > 0) {
    throw new StoredSecretsError(
      `CRM_ENCRYPTION_KEY cannot open ${unreadable.length} of ${values.length} stored secrets (${unreadable.slice(0, 3).join("; ")}${unreadable.length > 3 ? "; …" : ""}). ` +
        "Set CRM_ENCRYPTION_KEY to the key they were sealed with. To change the key, set the new one in CRM_ENCRYPTION_KEY " +
        "and the old one in CRM_ENCRYPTION_KEY_PREVIOUS for one start: the stored secrets are then sealed with the new key.",
    );
  }
  for (const { value, plaintext } of stale) await value.reseal(box.seal(plaintext));
  return stale.length;
}
