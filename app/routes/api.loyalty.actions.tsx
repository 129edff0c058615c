import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, type ApiAnswer } from "~/core/api/api-answer";
import { handleApiWrite, readApiRequest } from "~/core/api/api-request.server";
import { customActionRequestSchema, earnCustomAction } from "~/core/loyalty/custom-action-api.server";

// POST /api/loyalty/actions (README: "The loyalty API"): a customer earns the points of one of the
// merchant's own actions. Authorization: Bearer <API key>; Idempotency-Key required.

function respond(answer: ApiAnswer, replayed = false): Response {
  const headers = new Headers({ "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  if (answer.status === 401) headers.set("www-authenticate", 'Bearer realm="api"');
  if (answer.status === 405) headers.set("allow", "POST");
  if (replayed) headers.set("idempotent-replayed", "true");
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

export async function loader() {
  return respond(apiError(405, "method_not_allowed", "Use POST."));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const now = new Date();
  const answer = await handleApiWrite(context.runtime.db, await readApiRequest(request), customActionRequestSchema, (tx, work) => earnCustomAction(tx, work, now), now);
  return respond(answer, answer.replayed);
}
