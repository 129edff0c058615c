import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream";
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { FakeAdminActions, GraphqlRequestError, type FakeDiscount, type FakeMetafield } from "./shopify-admin-actions";
import { FakeAutomaticAppDiscounts } from "./shopify-admin-automatic-discounts";

// A stand-in for one shop's Admin GraphQL endpoint (POST /admin/api/{version}/graphql.json), for
// tests only. It follows Shopify's documentation, not the app's code:
// - bulkOperationRunQuery answers with a CREATED BulkOperation; while one of the app's bulk queries
//   runs, a second gets the userError code OPERATION_IN_PROGRESS and no operation. A query with more
//   than five connections, or a connection inside a list field (Order.refunds), is refused (INVALID).
// - Reading the operation (node(id:) or currentBulkOperation) moves it CREATED → RUNNING → COMPLETED;
//   when COMPLETED, `url` serves the JSONL result (null when nothing matched), with objectCount and
//   rootObjectCount. The JSONL has one object per line; each node of a nested connection is a line
//   of its own with `__parentId`. With groupObjects: true children follow their parent directly;
//   without it (the default since 2025-07/2026-01) they only come somewhere after all parents.
// - Throttling: it can answer THROTTLED (HTTP 200, errors[].extensions.code, and
//   extensions.cost.throttleStatus) or HTTP 429 for the next N requests.
// - Paginated connections (customers/products/orders with `query: "updated_at:>='…'"`, sortKey
//   UPDATED_AT) answer with pageInfo { hasNextPage endCursor } and opaque cursors; nested
//   connections (first: N) likewise, completed with node(id:); nodes(ids:) serves refunds.
// - Outbound actions (discount codes, their deactivation, customer tags, metafields): see
//   shopify-admin-actions.ts; automatic app discounts: shopify-admin-automatic-discounts.ts. Tags
//   change the dataset's customers; discounts and metafields are kept by the fake and can be listed. Throttling applies to them like to any request.
// It does not evaluate GraphQL selections: it returns whole records, with Shopify's field names.
// For histories too large to hold (the import benchmark), a resource's result can instead be a
// JSONL file written beforehand, served from disk with Range support, and refunds can be looked up
// by id through a function.

export type Node = Record<string, unknown> & { id: string };

export interface FakeDataset {
  customers: Node[];
  /** With `variants` and `collections` as arrays (the fake turns them into connections). */
  products: Node[];
  /** With `lineItems`, `discountApplications`, `shippingLines` as arrays; refunds with `refundLineItems`. */
  orders: Node[];
}

type Resource = keyof FakeDataset;
/** The connections of each resource, which a bulk result writes as child lines. */
export const CONNECTIONS: Readonly<Record<Resource, readonly string[]>> = {
  customers: [],
  products: ["variants", "collections"],
  orders: ["lineItems", "discountApplications", "shippingLines"],
};

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Operation {
  id: string;
  query: string;
  resource: Resource;
  grouped: boolean;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED" | "EXPIRED";
  errorCode: string | null;
  reads: number;
  createdAt: string;
  completedAt: string | null;
  result: ResultBody | null;
  objectCount: number;
  rootObjectCount: number;
}

export interface RecordedRequest {
  at: number;
  kind: string;
  answer: "ok" | "throttled" | "http429" | "userErrors";
  variables: Record<string, unknown>;
}

/** A bulk result written to disk beforehand, with the counts Shopify reports for it. */
export interface ResultFile {
  path: string;
  bytes: number;
  objectCount: number;
  rootObjectCount: number;
}

type ResultBody = { kind: "memory"; bytes: Buffer } | { kind: "file"; file: ResultFile };
const sizeOf = (body: ResultBody) => (body.kind === "memory" ? body.bytes.length : body.file.bytes);

export interface FakeShopifyAdminOptions {
  shop: string;
  accessToken: string;
  apiVersion: string;
  dataset: FakeDataset;
  /** Resources whose bulk result is this file instead of one built from `dataset`. */
  resultFiles?: Partial<Record<Resource, ResultFile>>;
  /** Refunds that are not in `dataset.orders`, by gid (with `refundLineItems` as an array). */
  findRefund?: (id: string) => Node | null;
  /** Reads of a created operation before it reports COMPLETED (the first read says RUNNING). */
  readsUntilComplete?: number;
  throttleStatus?: ThrottleStatus;
}

export interface FakeShopifyAdmin {
  origin: string;
  dataset: FakeDataset;
  requests: RecordedRequest[];
  operations(): Array<Pick<Operation, "id" | "status" | "resource" | "grouped" | "objectCount" | "rootObjectCount">>;
  /** The result of an operation built from `dataset`, as served (null for a result file). */
  resultOf(operationId: string): string | null;
  /** Marks every running operation COMPLETED now (as if Shopify finished before anyone polled). */
  completeRunning(): string[];
  /** The next operation to finish ends this way instead of COMPLETED. */
  failNextOperation(status: "FAILED" | "CANCELED" | "EXPIRED", errorCode: string | null): void;
  /** The next `count` GraphQL requests are refused as throttled. */
  throttleNext(count: number, options?: { http429?: boolean; requestedQueryCost?: number; status?: ThrottleStatus; retryAfterSeconds?: number }): void;
  /** The code discounts created, with their status now (ACTIVE, SCHEDULED, EXPIRED after deactivation). */
  discounts(): FakeDiscount[];
  /** The metafields set on an owner (gid). */
  metafieldsOf(ownerId: string): FakeMetafield[];
  /** Automatic app discounts (discount Functions) and the app's deployed Function handles. */
  automaticDiscounts: FakeAutomaticAppDiscounts;
  close(): Promise<void>;
}

const encodeCursor = (index: number) => Buffer.from(`cursor:${index}`).toString("base64");
const decodeCursor = (cursor: unknown) =>
  typeof cursor === "string" ? Number(Buffer.from(cursor, "base64").toString("utf8").replace("cursor:", "")) : -1;

function topLevelField(query: string): Resource | null {
  const match = /\{\s*(customers|products|orders)\b/.exec(query);
  return match ? (match[1] as Resource) : null;
}

/** The record's top-level fields: connections become child lines, lists keep only their own fields. */
function withoutConnections(resource: Resource, node: Node): Record<string, unknown> {
  const connections = new Set<string>(CONNECTIONS[resource]);
  const line = Object.fromEntries(Object.entries(node).filter(([field]) => !connections.has(field)));
  if (resource === "orders" && Array.isArray(line.refunds)) {
    line.refunds = (line.refunds as Node[]).map(({ refundLineItems: _lines, ...refund }) => refund);
  }
  return line;
}

/** The grouped JSONL lines of one record: the record, then each node of its connections with `__parentId`. */
export function bulkLines(resource: Resource, record: Node): string[] {
  return [
    JSON.stringify(withoutConnections(resource, record)),
    ...CONNECTIONS[resource].flatMap((field) =>
      ((record[field] as Node[] | undefined) ?? []).map((child) => JSON.stringify({ ...child, __parentId: record.id })),
    ),
  ];
}

function jsonl(resource: Resource, records: Node[], grouped: boolean): { text: string; objects: number } {
  const perRecord = records.map((record) => bulkLines(resource, record));
  // Ungrouped, every parent comes before every child.
  const lines = grouped ? perRecord.flat() : [...perRecord.map(([parent]) => parent!), ...perRecord.flatMap(([, ...children]) => children)];
  return { text: lines.length > 0 ? `${lines.join("\n")}\n` : "", objects: lines.length };
}

function updatedSince(filter: unknown): number | null {
  if (typeof filter !== "string") return null;
  const match = /updated_at:>=?'?([^'\s]+)'?/.exec(filter);
  return match ? Date.parse(match[1]!) : null;
}

function page<T>(items: T[], first: number, after: unknown) {
  const start = after ? decodeCursor(after) + 1 : 0;
  const slice = items.slice(start, start + first);
  const end = start + slice.length - 1;
  return {
    pageInfo: { hasNextPage: start + slice.length < items.length, endCursor: slice.length > 0 ? encodeCursor(end) : null },
    nodes: slice,
  };
}

function firstOf(query: string, field: string, fallback: number): number {
  const match = new RegExp(`${field}\\(first:\\s*(\\d+)`).exec(query);
  return match ? Number(match[1]) : fallback;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeShopifyAdmin(options: FakeShopifyAdminOptions): Promise<FakeShopifyAdmin> {
  const dataset = options.dataset;
  const readsUntilComplete = options.readsUntilComplete ?? 2;
  const baseThrottle: ThrottleStatus = options.throttleStatus ?? { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 };
  const operations = new Map<string, Operation>();
  const actions = new FakeAdminActions(dataset);
  const automaticDiscounts = new FakeAutomaticAppDiscounts();
  const requests: RecordedRequest[] = [];
  let nextOperation = 4_503_599_627_370_496n; // ids beyond 2^53, as real ones can be
  let failNext: { status: "FAILED" | "CANCELED" | "EXPIRED"; errorCode: string | null } | null = null;
  let throttle: { count: number; http429: boolean; requestedQueryCost: number; status: ThrottleStatus; retryAfterSeconds?: number | undefined } | null = null;
  let origin = "";

  const cost = (requested = 10) => ({
    requestedQueryCost: requested,
    actualQueryCost: requested,
    throttleStatus: baseThrottle,
  });

  function finish(op: Operation) {
    if (failNext) {
      op.status = failNext.status;
      op.errorCode = failNext.errorCode;
      failNext = null;
      op.completedAt = null;
      return;
    }
    op.status = "COMPLETED";
    op.completedAt = new Date().toISOString();
    const file = options.resultFiles?.[op.resource];
    if (file) {
      op.result = file.objectCount > 0 ? { kind: "file", file } : null;
      op.objectCount = file.objectCount;
      op.rootObjectCount = file.rootObjectCount;
      return;
    }
    const { text, objects } = jsonl(op.resource, dataset[op.resource], op.grouped);
    op.result = objects > 0 ? { kind: "memory", bytes: Buffer.from(text, "utf8") } : null;
    op.objectCount = objects;
    op.rootObjectCount = dataset[op.resource].length;
  }

  function view(op: Operation) {
    const numeric = op.id.split("/").pop();
    return {
      id: op.id,
      status: op.status,
      errorCode: op.errorCode,
      objectCount: String(op.objectCount),
      rootObjectCount: String(op.rootObjectCount),
      fileSize: op.result ? String(sizeOf(op.result)) : null,
      url: op.status === "COMPLETED" && op.result ? `${origin}/bulk-results/${numeric}.jsonl` : null,
      partialDataUrl: null,
      query: op.query,
      type: "QUERY",
      createdAt: op.createdAt,
      completedAt: op.completedAt,
    };
  }

  /** Reading an operation is what lets time pass for it. */
  function read(op: Operation) {
    if (op.status === "CREATED" || op.status === "RUNNING") {
      op.reads += 1;
      if (op.reads >= readsUntilComplete) finish(op);
      else op.status = "RUNNING";
    }
    return view(op);
  }

  const running = () => [...operations.values()].find((op) => op.status === "CREATED" || op.status === "RUNNING");

  function runBulkQuery(query: string, mutationText: string) {
    const busy = running();
    if (busy) {
      return {
        kind: "bulkOperationRunQuery",
        userErrors: true,
        data: {
          bulkOperationRunQuery: {
            bulkOperation: null,
            userErrors: [{ field: null, message: `A bulk query operation for this app and shop is already in progress: ${busy.id}.`, code: "OPERATION_IN_PROGRESS" }],
          },
        },
      };
    }
    const resource = topLevelField(query);
    const connections = (query.match(/\bedges\b/g) ?? []).length;
    const problem = !resource
      ? "Invalid bulk query: the query must select a supported connection field"
      : connections > 5
        ? "Invalid bulk query: Bulk queries cannot contain more than 5 connections."
        : /refunds\s*(\([^)]*\))?\s*\{[^}]*\b(refundLineItems|transactions)\b/.test(query)
          ? "Invalid bulk query: Queries that contain a connection field within a list field are not currently supported."
          : null;
    if (problem || !resource) {
      return {
        kind: "bulkOperationRunQuery",
        userErrors: true,
        data: { bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: ["query"], message: problem, code: "INVALID" }] } },
      };
    }
    nextOperation += 1n;
    const op: Operation = {
      id: `gid://shopify/BulkOperation/${nextOperation}`,
      query,
      resource,
      grouped: /groupObjects:\s*true/.test(mutationText),
      status: "CREATED",
      errorCode: null,
      reads: 0,
      createdAt: new Date().toISOString(),
      completedAt: null,
      result: null,
      objectCount: 0,
      rootObjectCount: 0,
    };
    operations.set(op.id, op);
    return { kind: "bulkOperationRunQuery", data: { bulkOperationRunQuery: { bulkOperation: view(op), userErrors: [] } } };
  }

  function connectionsOf(resource: Resource, node: Node, query: string) {
    const out: Record<string, unknown> = withoutConnections(resource, node);
    for (const field of CONNECTIONS[resource]) {
      out[field] = page((node[field] as Node[] | undefined) ?? [], firstOf(query, field, 10), null);
    }
    return out;
  }

  function findNode(id: string): { resource: Resource | "refund"; node: Node } | null {
    for (const resource of ["customers", "products", "orders"] as const) {
      const node = dataset[resource].find((record) => record.id === id);
      if (node) return { resource, node };
    }
    for (const order of dataset.orders) {
      const refund = ((order.refunds as Node[] | undefined) ?? []).find((candidate) => candidate.id === id);
      if (refund) return { resource: "refund", node: refund };
    }
    const refund = options.findRefund?.(id);
    return refund ? { resource: "refund", node: refund } : null;
  }

  function answer(query: string, variables: Record<string, unknown>): { kind: string; data: unknown; userErrors?: boolean } {
    const action = actions.answer(query, variables) ?? automaticDiscounts.answer(query, variables);
    if (action) return action;
    if (/bulkOperationRunQuery/.test(query)) return runBulkQuery(String(variables.query ?? ""), query);
    if (/currentBulkOperation/.test(query)) {
      const latest = [...operations.values()].pop();
      return { kind: "currentBulkOperation", data: { currentBulkOperation: latest ? view(latest) : null } };
    }
    if (/nodes\(ids:/.test(query)) {
      const ids = (variables.ids as string[] | undefined) ?? [];
      const first = firstOf(query, "refundLineItems", 50);
      return {
        kind: "nodes",
        data: {
          nodes: ids.map((id) => {
            const found = findNode(id);
            if (!found || found.resource !== "refund") return null;
            return { id, refundLineItems: page((found.node.refundLineItems as Node[] | undefined) ?? [], first, null) };
          }),
        },
      };
    }
    if (/node\(id:/.test(query)) {
      const id = String(variables.id ?? "");
      const op = operations.get(id);
      if (op) return { kind: "node(BulkOperation)", data: { node: read(op) } };
      const found = findNode(id);
      if (!found) return { kind: "node", data: { node: null } };
      const field = /\b(lineItems|discountApplications|shippingLines|variants|collections|refundLineItems)\(first:/.exec(query)?.[1];
      if (!field) return { kind: "node", data: { node: { id } } };
      const items = (found.node[field] as Node[] | undefined) ?? [];
      return { kind: `node.${field}`, data: { node: { [field]: page(items, firstOf(query, field, 100), variables.after) } } };
    }
    const resource = /\b(customers|products|orders)\(first:/.exec(query)?.[1] as Resource | undefined;
    if (resource) {
      const since = updatedSince(variables.query);
      const matching = dataset[resource]
        .filter((record) => since === null || Date.parse(String(record.updatedAt)) >= since)
        .sort((a, b) => Date.parse(String(a.updatedAt)) - Date.parse(String(b.updatedAt)));
      const result = page(matching, firstOf(query, resource, 50), variables.after);
      return {
        kind: `page.${resource}`,
        data: { [resource]: { pageInfo: result.pageInfo, nodes: result.nodes.map((node) => connectionsOf(resource, node, query)) } },
      };
    }
    return { kind: "unknown", data: null };
  }

  function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", origin);
    const result = /^\/bulk-results\/(\d+)\.jsonl$/.exec(url.pathname);
    if (request.method === "GET" && result) {
      const op = operations.get(`gid://shopify/BulkOperation/${result[1]}`);
      if (!op?.result) return send(response, 404, { error: "not found" });
      const size = sizeOf(op.result);
      const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? "");
      const start = range ? Number(range[1]) : 0;
      if (start >= size && size > 0 && range) {
        response.writeHead(416, { "content-range": `bytes */${size}` });
        return response.end();
      }
      response.writeHead(range ? 206 : 200, {
        "content-type": "application/jsonl",
        "content-length": String(size - start),
        ...(range ? { "content-range": `bytes ${start}-${size - 1}/${size}` } : {}),
      });
      if (op.result.kind === "memory") return response.end(op.result.bytes.subarray(start));
      // A reader that stops early (one batch per request) closes the connection: not an error here.
      return pipeline(createReadStream(op.result.file.path, { start }), response, () => undefined);
    }
    if (request.method !== "POST" || url.pathname !== `/admin/api/${options.apiVersion}/graphql.json`) {
      return send(response, 404, { errors: "Not Found" });
    }
    if (request.headers["x-shopify-access-token"] !== options.accessToken) {
      return send(response, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
    const body = JSON.parse(await readBody(request)) as { query?: string; variables?: Record<string, unknown> };
    const query = body.query ?? "";
    const variables = body.variables ?? {};
    if (throttle && throttle.count > 0) {
      throttle.count -= 1;
      const current = throttle;
      if (throttle.count === 0) throttle = null;
      requests.push({ at: Date.now(), kind: "throttled", answer: current.http429 ? "http429" : "throttled", variables });
      if (current.http429) {
        return send(response, 429, { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }, current.retryAfterSeconds !== undefined ? { "retry-after": String(current.retryAfterSeconds) } : {});
      }
      return send(response, 200, {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: current.requestedQueryCost, actualQueryCost: null, throttleStatus: current.status } },
      });
    }
    let answered: ReturnType<typeof answer>;
    try {
      answered = answer(query, variables);
    } catch (error) {
      if (!(error instanceof GraphqlRequestError)) throw error;
      requests.push({ at: Date.now(), kind: "invalid", answer: "ok", variables });
      return send(response, 200, { errors: [{ message: error.message, extensions: { code: error.code } }] });
    }
    const { kind, data, userErrors } = answered;
    requests.push({ at: Date.now(), kind, answer: userErrors ? "userErrors" : "ok", variables });
    if (kind === "unknown") {
      return send(response, 200, { errors: [{ message: "Field doesn't exist on type 'QueryRoot'", extensions: { code: "undefinedField" } }] });
    }
    return send(response, 200, { data, extensions: { cost: cost() } });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { errors: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    dataset,
    requests,
    operations: () =>
      [...operations.values()].map(({ id, status, resource, grouped, objectCount, rootObjectCount }) => ({
        id, status, resource, grouped, objectCount, rootObjectCount,
      })),
    resultOf: (id) => {
      const result = operations.get(id)?.result;
      return result?.kind === "memory" ? result.bytes.toString("utf8") : null;
    },
    completeRunning() {
      const done: string[] = [];
      for (const op of operations.values()) {
        if (op.status === "CREATED" || op.status === "RUNNING") {
          finish(op);
          done.push(op.id);
        }
      }
      return done;
    },
    discounts: () => actions.list(),
    metafieldsOf: (ownerId) => actions.metafieldsOf(ownerId),
    automaticDiscounts,
    failNextOperation(status, errorCode) {
      failNext = { status, errorCode };
    },
    throttleNext(count, throttleOptions = {}) {
      throttle = {
        count,
        http429: throttleOptions.http429 ?? false,
        requestedQueryCost: throttleOptions.requestedQueryCost ?? 50,
        status: throttleOptions.status ?? { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 1000 },
        retryAfterSeconds: throttleOptions.retryAfterSeconds,
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Sends the app's Admin API requests for `shop` to the fake (whose origin may change between
 * tests). The app reaches Shopify through @shopify/shopify-api, which sends every Admin request
 * with the runtime adapter's fetch (`abstractFetch`) to https://{shop}/admin/api/…; the store URL
 * is always https, so no shop domain can aim it at a local http server. The library's own adapter
 * hook, setAbstractFetchFunc, is the least invasive seam: the production code path (session from
 * the store, official client, headers, API version) runs unchanged, and only the origin of
 * requests for that shop is swapped. Returns the function that restores the original fetch.
 */
export function aimAdminApiAtFake(shop: string, origin: () => string): () => void {
  const original = abstractFetch;
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const target = url.startsWith(`https://${shop}/`) ? `${origin()}/${url.slice(`https://${shop}/`.length)}` : url;
    return fetch(target, init);
  });
  return () => setAbstractFetchFunc(original);
}
