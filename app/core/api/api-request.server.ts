import type { z } from "zod";
import type { Db, Tx } from "~/db/prisma.server";
import { apiError, type ApiAnswer } from "./api-answer";
import { authenticateApiKey, type ApiCaller } from "./api-keys.server";
import { answerOnce, IDEMPOTENCY_KEY, requestHash, type IdempotentAnswer } from "./idempotent-request.server";

// A write to the API, in the order its checks run: the key (401), the Idempotency-Key header and
// the body (400, 413; nothing stored), then the request itself, once per idempotency key.

/** Larger bodies are refused (unread when their length is announced): every request the API takes is a few hundred bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface ApiRequestInput {
  method: string;
  path: string;
  authorization: string | null;
  idempotencyKey: string | null;
  /** The body as received; null when it was larger than MAX_BODY_BYTES. */
  body: string | null;
}

export interface ApiWork<T> {
  /** The shop the key belongs to: every read and write of the request is scoped to it. */
  shopId: string;
  idempotencyKey: string;
  input: T;
}

const UNAUTHORIZED: Readonly<Record<Extract<ApiCaller, { ok: false }>["reason"], ApiAnswer>> = {
  missing: apiError(401, "missing_api_key", "Send your API key in the Authorization header: Authorization: Bearer <key>."),
  unknown: apiError(401, "invalid_api_key", "The API key is not valid. Copy it again from the app's Integrations page, or create a new one there."),
  revoked: apiError(401, "api_key_revoked", "The API key was revoked. Create a new one on the app's Integrations page."),
};

/** The request's fields as the API reads them; the body up to MAX_BODY_BYTES. */
export async function readApiRequest(request: Request): Promise<ApiRequestInput> {
  return {
    method: request.method,
    path: new URL(request.url).pathname,
    authorization: request.headers.get("authorization"),
    idempotencyKey: request.headers.get("idempotency-key"),
    body: await boundedText(request, MAX_BODY_BYTES),
  };
}

async function boundedText(request: Request, maxBytes: number): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody<T>(schema: z.ZodType<T>, body: string): { input: T } | { refused: ApiAnswer } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { refused: apiError(400, "invalid_json", `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`) };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { input: parsed.data };
  const problems = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  return {
    refused: apiError(400, "invalid_request", `The body does not fit the request: ${problems.map((problem) => `${problem.path || "(body)"}: ${problem.message}`).join("; ")}`, {
      problems,
    }),
  };
}

/** Authenticates, validates and carries out a write under its idempotency key. */
export async function handleApiWrite<T>(
  db: Db,
  request: ApiRequestInput,
  schema: z.ZodType<T>,
  work: (tx: Tx, request: ApiWork<T>) => Promise<ApiAnswer>,
  now: Date,
): Promise<IdempotentAnswer> {
  const once = (answer: ApiAnswer): IdempotentAnswer => ({ ...answer, replayed: false });
  if (request.method !== "POST") return once(apiError(405, "method_not_allowed", "Use POST."));
  const caller = await authenticateApiKey(db, request.authorization, now);
  if (!caller.ok) return once(UNAUTHORIZED[caller.reason]);
  const idempotencyKey = request.idempotencyKey?.trim() ?? "";
  if (idempotencyKey === "") {
    return once(apiError(400, "idempotency_key_required", "Send an Idempotency-Key header (e.g. a UUID) that is unique per request; repeat it only to retry the same request."));
  }
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) return once(apiError(400, "idempotency_key_invalid", "The Idempotency-Key header must be 1 to 255 printable ASCII characters."));
  if (request.body === null) return once(apiError(413, "body_too_large", `The body must not be larger than ${MAX_BODY_BYTES} bytes.`));
  const body = parseBody(schema, request.body);
  if ("refused" in body) return once(body.refused);
  return answerOnce(
    db,
    { shopId: caller.shopId, apiKeyId: caller.apiKeyId, idempotencyKey, requestHash: requestHash(request.method, request.path, request.body) },
    (tx) => work(tx, { shopId: caller.shopId, idempotencyKey, input: body.input }),
  );
}
