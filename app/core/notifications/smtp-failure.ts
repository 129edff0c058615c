// What a failed SMTP send means for the mail. A permanent rejection (a 5xx reply other than 503,
// which nodemailer marks `permanent`) comes back the same way every time: the mail is FAILED with
// the server's words. Anything else (no connection, a timeout, a 4xx) is worth another attempt.

export interface MailFailure {
  permanent: boolean;
  reason: string;
}

const REASON_LENGTH = 500;

function field(error: unknown, name: string): unknown {
  return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

export function classifyMailFailure(error: unknown): MailFailure {
  const code = field(error, "responseCode");
  const flagged = field(error, "permanent");
  const permanent =
    typeof flagged === "boolean" ? flagged : typeof code === "number" && code >= 500 && code < 600 && code !== 503;
  const response = field(error, "response");
  const message = typeof response === "string" && response ? response : error instanceof Error ? error.message : String(error);
  const reason = message.length > REASON_LENGTH ? `${message.slice(0, REASON_LENGTH)}…` : message;
  return { permanent, reason };
}
