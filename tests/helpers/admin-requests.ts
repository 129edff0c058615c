import type { LoaderFunctionArgs } from "@remix-run/node";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll } from "vitest";
import { DEFAULT_SCOPES } from "~/config/env.server";
import type { Runtime } from "~/runtime.server";
import { installShopifyShop } from "./shopify-install";
import { startTestRuntime, TEST_API_SECRET, TEST_ENV } from "./test-runtime";

/** The request as the Shopify admin sends it for `store`: with a session token signed with the app's secret. */
export function signedAdminRequest(store: string, request: Request): Promise<Request> {
  return setUpValidRequest(
    { type: RequestType.Bearer, store, apiKey: TEST_ENV.SHOPIFY_API_KEY, apiSecretKey: TEST_API_SECRET },
    request,
  );
}

/** A loader or an action of an admin route (both take the same arguments). */
type AdminRoute<T> = (args: LoaderFunctionArgs) => Promise<T>;

export interface AdminTestShop {
  /** Started before the file's tests, closed after them. */
  readonly runtime: Runtime;
  /** Our id of the installed shop. */
  readonly shopId: string;
  /** A route's loader answering a GET of `url` from Shopify's admin for the shop. */
  get<T>(loader: AdminRoute<T>, url: string, params?: LoaderFunctionArgs["params"]): Promise<T>;
  /** A route's action answering a form posted to `url` from Shopify's admin for the shop. */
  post<T>(action: AdminRoute<T>, url: string, fields: ConstructorParameters<typeof URLSearchParams>[0]): Promise<T>;
}

/**
 * For the test file: a test runtime with `store` (its handle, without `.myshopify.com`) installed
 * as the embedded admin finds it, with its offline session; made before the file's tests, closed
 * after them.
 */
export function setUpAdminShop(store: string): AdminTestShop {
  let started: { runtime: Runtime; shopId: string } | undefined;
  beforeAll(async () => {
    const runtime = await startTestRuntime();
    const shop = await installShopifyShop(runtime, { shop: `${store}.myshopify.com`, accessToken: "shpat_test", scopes: DEFAULT_SCOPES.join(",") });
    started = { runtime, shopId: shop.id };
  });
  afterAll(async () => {
    await started?.runtime.close();
  });
  const current = () => {
    if (!started) throw new Error("The admin's shop is set up in a hook: use it inside tests and later hooks");
    return started;
  };
  const call = async <T>(route: AdminRoute<T>, request: Request, params: LoaderFunctionArgs["params"] = {}) =>
    route({ request: await signedAdminRequest(store, request), params, context: { runtime: current().runtime } });
  return {
    get runtime() {
      return current().runtime;
    },
    get shopId() {
      return current().shopId;
    },
    get: (loader, url, params) => call(loader, new Request(url), params),
    post: (action, url, fields) => call(action, new Request(url, { method: "POST", body: new URLSearchParams(fields) })),
  };
}

/** What a route threw, when it answered by throwing a Response (auth redirects, 4xx). */
export async function thrownResponse(work: Promise<unknown>): Promise<Response> {
  const outcome = await work.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Response)) throw new Error(`Expected a thrown Response, got ${String(outcome)}`);
  return outcome;
}
