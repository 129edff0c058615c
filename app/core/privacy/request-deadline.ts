// When a customer's data request must be answered. The GDPR gives one month (Art. 12(3)); Shopify
// asks apps to answer customers/data_request within 30 days. Counted in exact instants from when the
// request arrived, so the merchant's or the server's time zone cannot move a deadline.

const DAY_MS = 24 * 60 * 60 * 1000;

export const ANSWER_WITHIN_DAYS = 30;
/** Past this age an open request is flagged, leaving ten days to answer. */
export const URGENT_AFTER_DAYS = 20;

export type DataRequestUrgency = "open" | "urgent" | "overdue" | "answered";

export interface DataRequestDeadline {
  dueAt: Date;
  urgency: DataRequestUrgency;
  /** Whole days until the due instant, rounded up; 0 or less once it has passed. */
  daysLeft: number;
}

export function dataRequestDeadline(receivedAt: Date, answeredAt: Date | null, now: Date): DataRequestDeadline {
  const dueAt = new Date(receivedAt.getTime() + ANSWER_WITHIN_DAYS * DAY_MS);
  // + 0 turns the -0 of "less than a day late" into 0.
  const daysLeft = Math.ceil((dueAt.getTime() - now.getTime()) / DAY_MS) + 0;
  return { dueAt, urgency: urgencyOf(receivedAt, answeredAt, dueAt, now), daysLeft };
}

function urgencyOf(receivedAt: Date, answeredAt: Date | null, dueAt: Date, now: Date): DataRequestUrgency {
  if (answeredAt !== null) return "answered";
  // "Older than" is strict: at exactly 20 days a request is not yet urgent, at exactly 30 days it
  // is due but not yet late.
  if (now.getTime() > dueAt.getTime()) return "overdue";
  if (now.getTime() - receivedAt.getTime() > URGENT_AFTER_DAYS * DAY_MS) return "urgent";
  return "open";
}

/**
 * The admin's order: open requests first, the one due soonest on top; answered ones after, the
 * latest answer first.
 */
export function compareDataRequests(
  a: { dueAt: Date; answeredAt: Date | null },
  b: { dueAt: Date; answeredAt: Date | null },
): number {
  if ((a.answeredAt === null) !== (b.answeredAt === null)) return a.answeredAt === null ? -1 : 1;
  if (a.answeredAt !== null && b.answeredAt !== null) return b.answeredAt.getTime() - a.answeredAt.getTime();
  return a.dueAt.getTime() - b.dueAt.getTime();
}
