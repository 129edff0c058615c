import type { Prisma } from "~/db/prisma.server";

// What the API answers: a status and a JSON document, in English (its readers are developers).
// An error names a stable code a client can branch on, and a message for the person reading logs.

export type ApiBody = Prisma.JsonObject;

export interface ApiAnswer {
  status: number;
  body: ApiBody;
}

export function apiError(status: number, error: string, message: string, details: ApiBody = {}): ApiAnswer {
  return { status, body: { error, message, ...details } };
}
