// The error a delivery stores is written for developers: the database's own words with a SQLSTATE
// (describeFailure in app/jobs/failure-kind.ts), a mapper's message naming the payload's fields, or
// an exception's name and message. The admin shows the merchant what it means instead; these rules
// read the stored text back into a reason. Text only: the original errors are long gone.

/**
 * Statuses of deliveries waiting for someone: parked at once, given up after 48 hours, or failing
 * and still retried. These are the ones the admin lists and can re-run.
 */
export const WAITING_STATUSES = ["PARKED", "DEAD", "FAILED"] as const;
export type WaitingStatus = (typeof WAITING_STATUSES)[number];

export const FAILURE_REASON_CODES = [
  "invalidText",
  "numberTooLarge",
  "invalidValue",
  "duplicate",
  "brokenReference",
  "dataConflict",
  "appFault",
  "unreadablePayload",
  "unsupportedTopic",
  "orderNotSynced",
  "databaseUnavailable",
  "unknown",
] as const;
export type FailureReasonCode = (typeof FAILURE_REASON_CODES)[number];

export interface FailureReason {
  code: FailureReasonCode;
  /** Payload fields the error names (a payload that could not be read), as dotted paths. */
  fields: string[];
  /** The platform's order id a refund waits for (orderNotSynced). */
  order: string | null;
}

/** `describeFailure`'s form of a database error: "The database refused the data: … (SQLSTATE 22021)". */
const DATABASE_REFUSAL = /^The database refused the data: [\s\S]*\(SQLSTATE ([0-9A-Z]{5})\)$/;
/** PayloadError: "Invalid Shopify orders/paid payload: id: expected …; line_items[0].price: …". */
const PAYLOAD_ERROR = /^(?:PayloadError: )?Invalid Shopify \S+ payload: ([\s\S]*)$/;
const MALFORMED_JSON = /^(?:ShopifyJsonError: )?Malformed JSON in Shopify payload\b/;
const UNSUPPORTED_TOPIC = /^(?:UnsupportedTopicError: )?Unsupported Shopify webhook topic\b|^No decoder for \w+ deliveries$/;
const ORDER_NOT_SYNCED = /^OrderNotSyncedError: Order (\S+) is not in the store yet$/;

// SQLSTATE classes of a database that is away or overloaded, not of data it refuses: 08 connection
// exception, 40 transaction rollback (deadlock, serialization), 53 insufficient resources, 57
// operator intervention (shutdown, restart).
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(["08", "40", "53", "57"]);
// What node-postgres, Node's sockets and Prisma say when there is no database to talk to.
const UNAVAILABLE_TEXT =
  /\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)\b|Connection terminated|Can't reach database server|Server has closed the connection|timeout exceeded when trying to connect|Timed out fetching a new connection|Unable to start a transaction in the given time|Client has encountered a connection error/i;

function byDatabaseState(sqlstate: string): FailureReasonCode {
  switch (sqlstate) {
    case "22021": // character not in repertoire: a NUL byte or broken UTF-8 in text
    case "22P05": // untranslatable character: \u0000 in JSON text
      return "invalidText";
    case "22003":
      return "numberTooLarge";
    case "23505":
      return "duplicate";
    case "23503":
      return "brokenReference";
  }
  const stateClass = sqlstate.slice(0, 2);
  if (stateClass === "22") return "invalidValue";
  if (stateClass === "23") return "dataConflict";
  if (stateClass === "42") return "appFault";
  if (UNAVAILABLE_SQLSTATE_CLASSES.has(stateClass)) return "databaseUnavailable";
  return "unknown";
}

/** The field paths of a PayloadError's issues; the root ("(root)") names no field. */
function payloadFields(issues: string): string[] {
  const fields = issues
    .split("; ")
    .map((issue) => issue.slice(0, Math.max(0, issue.indexOf(": "))).trim())
    .filter((path) => path !== "" && path !== "(root)" && !/\s/.test(path));
  return [...new Set(fields)];
}

const reason = (code: FailureReasonCode, fields: string[] = [], order: string | null = null): FailureReason => ({
  code,
  fields,
  order,
});

/**
 * Why a delivery needs attention, from its stored error. Whether it is still retried or was given
 * up is its status, shown beside the reason; the reason is the same either way.
 */
export function failureReason(error: string | null): FailureReason {
  const text = (error ?? "").trim();

  const refusal = DATABASE_REFUSAL.exec(text);
  if (refusal) return reason(byDatabaseState(refusal[1]!));

  const payload = PAYLOAD_ERROR.exec(text);
  if (payload) return reason("unreadablePayload", payloadFields(payload[1]!));
  if (MALFORMED_JSON.test(text)) return reason("unreadablePayload");
  if (UNSUPPORTED_TOPIC.test(text)) return reason("unsupportedTopic");

  const order = ORDER_NOT_SYNCED.exec(text);
  if (order) return reason("orderNotSynced", [], order[1]!);

  if (UNAVAILABLE_TEXT.test(text)) return reason("databaseUnavailable");
  return reason("unknown");
}

/** The key of a kind of problem: deliveries of one topic failing for one reason are re-run together. */
export function problemKindKey(topic: string, code: FailureReasonCode): string {
  return `${topic} ${code}`;
}
