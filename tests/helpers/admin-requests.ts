import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { TEST_API_SECRET, TEST_ENV } from "./test-runtime";

/** The request as the Shopify admin sends it for `store`: with a session token signed with the app's secret. */
export function signedAdminRequest(store: string, request: Request): Promise<Request> {
  return setUpValidRequest(
    { type: RequestType.Bearer, store, apiKey: TEST_ENV.SHOPIFY_API_KEY, apiSecretKey: TEST_API_SECRET },
    request,
  );
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
