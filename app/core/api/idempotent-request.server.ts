import { createHash } from "node:crypto";
import type { Db, Tx } from "~/db/prisma.server";
import { apiError, type ApiAnswer, type ApiBody } from "./api-answer";

// An API request under the caller's idempotency key is carried out once. Its answer is stored in
// the transaction that carries it out, so it exists exactly when its changes committed; the same
// key again gets that answer back, whatever happened since. A second request with the key while
// the first is still running waits for it (the key's row is unique, and inserting it blocks on
// the first's uncommitted row), then gets its answer. The key with another request is refused:
// a client that reuses keys would otherwise be told a different request succeeded.
//
// Answers the request was decided on are stored, refusals included (an unknown customer, a limit
// reached): a retry with the key gets the same answer, and a new attempt takes a new key. A
// request refused before it ran (no key, a malformed body) or one that failed stores nothing.

export interface IdempotentRequest {
  shopId: string;
  apiKeyId: string;
  idempotencyKey: string;
  /** See requestHash. */
  requestHash: string;
}

export interface IdempotentAnswer extends ApiAnswer {
  /** Whether this is the stored answer of an earlier request. */
  replayed: boolean;
}

/** The value an Idempotency-Key header may have: printable ASCII, as long as a UUID or a little longer. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** SHA-256 of the request's method, path and body as received. */
export function requestHash(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method.toUpperCase()}\n${path}\n${body}`, "utf8").digest("hex");
}

/** Carries out `work` in one transaction unless the key was seen: then the stored answer, or a refusal for another request. */
export async function answerOnce(db: Db, request: IdempotentRequest, work: (tx: Tx) => Promise<ApiAnswer>): Promise<IdempotentAnswer> {
  const where = { shopId_idempotencyKey: { shopId: request.shopId, idempotencyKey: request.idempotencyKey } };
  return db.$transaction(
    async (tx) => {
      const { count } = await tx.apiRequest.createMany({
        // Status 0 never commits: the answer replaces it before the transaction ends.
        data: [{ ...request, status: 0, response: {} }],
        skipDuplicates: true,
      });
      if (count === 0) {
        const first = await tx.apiRequest.findUniqueOrThrow({ where, select: { apiKeyId: true, requestHash: true, status: true, response: true } });
        if (first.apiKeyId !== request.apiKeyId || first.requestHash !== request.requestHash) {
          return {
            ...apiError(409, "idempotency_key_reused", "This Idempotency-Key was already used for a different request. Send a new key for a new request."),
            replayed: false,
          };
        }
        return { status: first.status, body: first.response as ApiBody, replayed: true };
      }
      const answer = await work(tx);
      await tx.apiRequest.update({ where, data: { status: answer.status, response: answer.body } });
      return { ...answer, replayed: false };
    },
    // Requests for one member queue behind each other's member lock, as redemptions do.
    { maxWait: 15_000, timeout: 30_000 },
  );
}
