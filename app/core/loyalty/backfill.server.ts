import { z } from "zod";
import type { Db, Prisma, Tx } from "~/db/prisma.server";
import { enqueueJob, type JobContext, type JobHandler } from "~/jobs/queue.server";
import { backfillEarning, backfillFrom, backfillLot, keptPoints, type BackfillSpan } from "./backfill";
import { orderPoints, writeOrderEarning } from "./earn-on-order.subscriber.server";
import { ledgerEntries, lockMember, type MemberRow } from "./ledger.server";
import { ledgerOptions, settleTier } from "./member-tier.server";
import { activeProgram, type ActiveProgram } from "./program.server";

// The backfill of the shop's history (./backfill.ts): a job walks the stored orders processed in
// [from, the program's start) a page at a time, oldest first, each page in its own transaction
// with the next page queued in it. An order earns under the same source key as live, so a second
// run, an order earned live or a later live fact for a backfilled order writes nothing twice. No
// mail and no outbound event per order (the history is old news to the shopper); the timeline
// shows each earning marked as backfilled. The run's progress is kept in its jobs' payloads: a
// page's job, once done, holds the counts after it (the schema has no table for runs).

export const LOYALTY_BACKFILL_JOB = "loyalty.backfill";

// A page costs ~11 ms an order (measured on PostgreSQL and PGlite alike, tiers included), and its
// transaction holds the embedded server's one connection, which the webhook intake shares:
// pages of 100 there keep that to about a second.
const PAGE_SIZE = 500;
const EMBEDDED_PAGE_SIZE = 100;

const cursorSchema = z.object({ processedAt: z.coerce.date(), id: z.string().uuid() });

const progressSchema = z.object({
  shopId: z.string().uuid(),
  /** Orders processed from (null: the first order) until (the program's start), as the run began. */
  from: z.coerce.date().nullable(),
  until: z.coerce.date(),
  /** Orders of the shop's customers in the span, counted when the run began. */
  total: z.number().int().min(0),
  /** Orders looked at so far, and of them those that earned. */
  done: z.number().int().min(0),
  credited: z.number().int().min(0),
  /** Members whose first backfilled earning this run wrote, and the points it credited. */
  members: z.number().int().min(0),
  points: z.number().int(),
  /** The last order looked at (the next page starts after it). */
  cursor: cursorSchema.nullable(),
  /** The run ended before the last page: the program was switched off. */
  stopped: z.boolean().default(false),
});

type Progress = z.infer<typeof progressSchema>;

const toPayload = (progress: Progress): Prisma.InputJsonObject => ({
  ...progress,
  from: progress.from?.toISOString() ?? null,
  until: progress.until.toISOString(),
  cursor: progress.cursor ? { processedAt: progress.cursor.processedAt.toISOString(), id: progress.cursor.id } : null,
});

// The shop's latest page job holds this key, so the admin finds the run in one index look-up
// (the Job table holds every kind's finished jobs); queuing the next page hands the key on.
const frontierKey = (shopId: string) => `loyalty-backfill:${shopId}`;

async function enqueuePage(tx: Tx, progress: Progress) {
  const key = frontierKey(progress.shopId);
  await tx.$executeRaw`UPDATE "Job" SET "uniqueKey" = NULL WHERE "uniqueKey" = ${key}`;
  await enqueueJob(tx, { kind: LOYALTY_BACKFILL_JOB, payload: toPayload(progress), uniqueKey: key });
}

/** The shop's latest backfill job: the frontier of its latest run. */
async function latestJob(tx: Tx | Db, shopId: string) {
  const [job] = await tx.$queryRaw<Array<{ status: "QUEUED" | "RUNNING" | "DONE" | "DEAD"; payload: unknown; finishedAt: Date | null; lastError: string | null }>>`
    SELECT status, payload, "finishedAt", "lastError" FROM "Job" WHERE "uniqueKey" = ${frontierKey(shopId)}`;
  return job ?? null;
}

const isRunning = (job: Awaited<ReturnType<typeof latestJob>>) => job !== null && (job.status === "QUEUED" || job.status === "RUNNING");

export type StartBackfillResult = { started: true; total: number } | { started: false; reason: "program_off" | "running" };

/** Starts a backfill of the orders in `span` before the program's start; refused while one runs. */
export function startBackfill(db: Db, shopId: string, span: BackfillSpan, now: Date): Promise<StartBackfillResult> {
  return db.$transaction(async (tx): Promise<StartBackfillResult> => {
    // Starts of one shop wait for each other here, so two never both find no run.
    const [program] = await tx.$queryRaw<Array<{ enabled: boolean; startedAt: Date }>>`
      SELECT enabled, "startedAt" FROM "LoyaltyProgram" WHERE "shopId" = ${shopId}::uuid FOR UPDATE`;
    if (!program?.enabled) return { started: false, reason: "program_off" };
    if (isRunning(await latestJob(tx, shopId))) return { started: false, reason: "running" };
    const from = backfillFrom(span, now);
    const total = await tx.order.count({ where: { shopId, customerId: { not: null }, processedAt: { ...(from ? { gte: from } : {}), lt: program.startedAt } } });
    const progress: Progress = { shopId, from, until: program.startedAt, total, done: 0, credited: 0, members: 0, points: 0, cursor: null, stopped: false };
    await enqueuePage(tx, progress);
    return { started: true, total };
  });
}

export interface BackfillRun extends Pick<Progress, "from" | "until" | "total" | "done" | "credited" | "members" | "points"> {
  /** stopped: the program was switched off before the last page. */
  state: "running" | "done" | "stopped" | "failed";
  finishedAt: Date | null;
  error: string | null;
}

/** The shop's latest run as the admin shows it; null when none is known (none ran, or its jobs were cleaned up). */
export async function backfillRun(db: Db, shopId: string): Promise<BackfillRun | null> {
  const job = await latestJob(db, shopId);
  const parsed = job ? progressSchema.safeParse(job.payload) : null;
  if (!job || !parsed?.success) return null;
  const { from, until, total, done, credited, members, points, stopped } = parsed.data;
  const state = isRunning(job) ? "running" : job.status === "DEAD" ? "failed" : stopped ? "stopped" : "done";
  return { state, from, until, total, done, credited, members, points, finishedAt: job.finishedAt, error: state === "failed" ? job.lastError : null };
}

async function readPage(tx: Tx, progress: Progress, pageSize: number) {
  const { cursor } = progress;
  return tx.order.findMany({
    where: {
      shopId: progress.shopId,
      customerId: { not: null },
      processedAt: { ...(progress.from ? { gte: progress.from } : {}), lt: progress.until },
      ...(cursor ? { OR: [{ processedAt: { gt: cursor.processedAt } }, { processedAt: cursor.processedAt, id: { gt: cursor.id } }] } : {}),
    },
    orderBy: [{ processedAt: "asc" }, { id: "asc" }],
    take: pageSize,
    include: { lineItems: true, refunds: { include: { lineItems: true } } },
  });
}

type PageOrder = Awaited<ReturnType<typeof readPage>>[number];

/** Credits one order to its member; the points written (0: nothing, or earned before). */
async function creditOrder(tx: Tx, program: ActiveProgram, member: MemberRow, order: PageOrder, now: Date): Promise<number> {
  const earning = backfillEarning(order);
  if (!earning) return 0;
  // Earned already (live, or by an earlier run): its source key would write nothing anyway.
  if ((await ledgerEntries(tx, member)).some((entry) => entry.kind === "earn" && entry.orderId === order.id)) return 0;
  const ref = { id: order.id, platformId: order.platformId };
  const points = await orderPoints(
    tx,
    program,
    member,
    { order: ref, occurredAt: order.processedAt, currency: order.currency, eligibleMinor: earning.eligibleMinor, shippingMinor: earning.shippingMinor, lines: earning.lines },
    false,
  );
  const kept = keptPoints(points.points, earning);
  if (kept <= 0) return 0;
  const written = await writeOrderEarning(
    tx,
    program,
    member,
    {
      order: ref,
      occurredAt: order.processedAt,
      eligibleMinor: earning.keptEligibleMinor,
      points: { ...points, points: kept },
      lot: backfillLot(program.settings, order.processedAt, now),
      timeline: { backfill: true },
    },
    now,
  );
  return written ? kept : 0;
}

/** Keeps the run's counts after this page on the page's job (it commits with the page). */
async function recordProgress(tx: Tx, context: JobContext, progress: Progress) {
  await tx.$executeRaw`UPDATE "Job" SET payload = ${JSON.stringify(toPayload(progress))}::jsonb WHERE id = ${context.jobId}`;
}

async function runPage(tx: Tx, progress: Progress, context: JobContext, now: Date, pageSize: number) {
  const program = await activeProgram(tx, progress.shopId);
  if (!program) {
    await recordProgress(tx, context, { ...progress, stopped: true });
    return;
  }
  const orders = await readPage(tx, progress, pageSize);
  const members = new Map<string, MemberRow>();
  const credited = new Set<MemberRow>();
  const after: Progress = { ...progress };
  for (const order of orders) {
    const customerId = order.customerId!;
    let member = members.get(customerId);
    if (!member) {
      member = await lockMember(tx, progress.shopId, customerId);
      members.set(customerId, member);
    }
    // A member counts once per run: at their first earning from before the start.
    const before = await ledgerEntries(tx, member);
    const creditedBefore = before.some((entry) => entry.kind === "earn" && entry.orderId !== null && entry.occurredAt < progress.until);
    const points = await creditOrder(tx, program, member, order, now);
    if (points === 0) continue;
    credited.add(member);
    after.credited += 1;
    after.points += points;
    if (!creditedBefore) after.members += 1;
  }
  // Tiers once per member and page, from everything the page wrote.
  const options = ledgerOptions(program);
  for (const member of credited) await settleTier(tx, program, member, await ledgerEntries(tx, member), now, options);
  const last = orders.at(-1);
  after.done += orders.length;
  if (last) after.cursor = { processedAt: last.processedAt, id: last.id };
  await recordProgress(tx, context, after);
  if (orders.length === pageSize) await enqueuePage(tx, after);
}

export interface BackfillJobOptions {
  /** The store is the embedded server (smaller pages). */
  embedded?: boolean;
  now?: () => Date;
  /** Read at each page (tests page in twos). */
  pageSize?: number;
}

export function createLoyaltyBackfillJobs(options: BackfillJobOptions = {}): Record<string, JobHandler> {
  return {
    [LOYALTY_BACKFILL_JOB]: {
      run: (payload, tx, context) =>
        runPage(tx, progressSchema.parse(payload), context, options.now?.() ?? new Date(), options.pageSize ?? (options.embedded ? EMBEDDED_PAGE_SIZE : PAGE_SIZE)),
    },
  };
}
