// What one POST to an endpoint came to, as the delivery log keeps it. A failed attempt reaches
// the log through the queue's failure hook, which is handed the error's message only, so the
// answer's status travels at the front of that message ("HTTP 500: …") and is read back here.

export const DELIVERY_TIMEOUT_MS = 10_000;
const BODY_EXCERPT = 500;

export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}

export function httpFailureMessage(status: number, body: string): string {
  const excerpt = body.length > BODY_EXCERPT ? `${body.slice(0, BODY_EXCERPT)}…` : body;
  return excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`;
}

/** The status an attempt's failure message names; null when no answer came (timeout, refused). */
export function responseStatusOf(message: string): number | null {
  const match = /^(?:\w+: )?HTTP (\d{3})\b/.exec(message);
  return match ? Number(match[1]) : null;
}
