import type { LoaderFunctionArgs } from "@remix-run/node";
import { getShopify } from "~/shopify.server";

// OAuth and session-token exchange endpoints; the library answers with its own redirects.
export async function loader({ request }: LoaderFunctionArgs) {
  await getShopify().authenticate.admin(request);
  return null;
}
