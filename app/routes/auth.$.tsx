import type { LoaderFunctionArgs } from "@remix-run/node";

// OAuth and session-token exchange endpoints; the library answers with its own redirects.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await context.runtime.shopify.authenticate.admin(request);
  return null;
}
