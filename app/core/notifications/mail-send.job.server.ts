import { createTransport } from "nodemailer";
import { z } from "zod";
import type { AppConfig } from "~/config/env.server";
import type { Db, Tx } from "~/db/prisma.server";
import { PermanentJobError, type JobContext, type JobFailure, type JobHandler } from "~/jobs/queue.server";
import { MAIL_SEND_JOB } from "./mail-notices.server";
import { classifyMailFailure } from "./smtp-failure";

// Sends one recorded mail through the configured SMTP server. Without one (demo mode, or SMTP not
// configured) the mail is marked DEMO: kept for the admin's outbox, never sent. A failed attempt
// is retried with the queue's backoff; a permanent rejection ends it at once. The attempt's
// error reaches the row through the failure hook, outside the rolled-back transaction.

const jobPayloadSchema = z.object({ mailId: z.uuid() });

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the job sends through: nodemailer's SMTP transport for the configured server. */
export interface MailSender {
  from: string;
  send(mail: OutgoingMail): Promise<void>;
}

// A server that hangs must not hold the job's transaction (and a database connection) for
// nodemailer's default minutes: the attempt fails and the queue tries again later.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The transport for the configured server, made once per process; null when mails are not sent. */
export function smtpMailSender(mail: AppConfig["mail"]): MailSender | null {
  if (!mail) return null;
  const transport = createTransport({ url: mail.smtpUrl, ...SMTP_TIMEOUTS });
  return {
    from: mail.from,
    async send(message) {
      await transport.sendMail(message);
    },
  };
}

async function send(sender: MailSender | null, payload: unknown, tx: Tx, context: JobContext, now: () => Date) {
  const { mailId } = jobPayloadSchema.parse(payload);
  const mail = await tx.mailMessage.findUnique({ where: { id: mailId }, include: { shop: { select: { name: true, domain: true } } } });
  // Gone (with its shop, or its customer's erasure), or settled by an earlier run.
  if (!mail || mail.status !== "QUEUED") return;
  if (!sender) {
    await tx.mailMessage.update({ where: { id: mail.id }, data: { status: "DEMO" } });
    return;
  }
  try {
    await sender.send({
      from: { name: mail.shop.name ?? mail.shop.domain, address: sender.from },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
  } catch (error) {
    const failure = classifyMailFailure(error);
    throw failure.permanent ? new PermanentJobError(failure.reason) : new Error(failure.reason);
  }
  await tx.mailMessage.update({ where: { id: mail.id }, data: { status: "SENT", attempts: context.attempt, error: null, sentAt: now() } });
}

async function recordFailedAttempt(db: Db, payload: unknown, failure: JobFailure) {
  const parsed = jobPayloadSchema.safeParse(payload);
  if (!parsed.success) return;
  await db.mailMessage.updateMany({
    where: { id: parsed.data.mailId, status: "QUEUED" },
    data: { status: failure.dead ? "FAILED" : "QUEUED", attempts: failure.attempt, error: failure.error },
  });
}

/** Without a server, a batch of mails is settled in one statement (the demo's history makes thousands). */
async function markDemo(payloads: unknown[], tx: Tx) {
  const ids = payloads.map((payload) => jobPayloadSchema.parse(payload).mailId);
  await tx.mailMessage.updateMany({ where: { id: { in: ids }, status: "QUEUED" }, data: { status: "DEMO" } });
}

export function createMailJobs(sender: MailSender | null, now: () => Date = () => new Date()): Record<string, JobHandler> {
  return {
    [MAIL_SEND_JOB]: {
      run: (payload, tx, context) => send(sender, payload, tx, context, now),
      // With a server each mail goes through `run`: a send cannot be batched into one statement.
      ...(sender ? {} : { runBatch: markDemo }),
      onFailure: (payload, db, failure) => recordFailedAttempt(db, payload, failure),
    },
  };
}
