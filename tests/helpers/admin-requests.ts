import type { LoaderFunctionArgs } from "@remix-run/node";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { DEFAULT_SCOPES } from "~/config/env.server";
import type { Runtime } from "~/runtime.server";
import { installShopifyShop } from "./shopify-install";
import { TEST_API_SECRET, TEST_ENV } from "./test-runtime";

/** The request as the Shopify admin sends it for `store`: with a session token signed with the app's secret. */
export function signedAdminRequest(store: string, request: Request): Promise<Request> {
  return setUpValidRequest(
    { type: RequestType.Bearer, store, apiKey: TEST_ENV.SHOPIFY_API_KEY, apiSecretKey: TEST_API_SECRET },
    request,
  );
}

/** The shop `store` (its handle, without `.myshopify.com`) as the embedded admin finds it: installed, with its offline session. */
export function installAdminShop(runtime: Runtime, store: string) {
  return installShopifyShop(runtime, { shop: `${store}.myshopify.com`, accessToken: "shpat_test", scopes: DEFAULT_SCOPES.join(",") });
}

/** A loader or an action of an admin route (both take the same arguments). */
type AdminRoute<T> = (args: LoaderFunctionArgs) => Promise<T>;

/** A route's loader answering a GET of `url` from Shopify's admin for `store`. */
export async function adminGet<T>(runtime: Runtime, store: string, loader: AdminRoute<T>, url: string, params: LoaderFunctionArgs["params"] = {}): Promise<T> {
  return loader({ request: await signedAdminRequest(store, new Request(url)), params, context: { runtime } });
}

/** A route's action answering a form posted to `url` from Shopify's admin for `store`. */
export async function adminPost<T>(runtime: Runtime, store: string, action: AdminRoute<T>, url: string, fields: ConstructorParameters<typeof URLSearchParams>[0]): Promise<T> {
  const request = await signedAdminRequest(store, new Request(url, { method: "POST", body: new URLSearchParams(fields) }));
  return action({ request, params: {}, context: { runtime } });
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
