import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

// Shopify opens the app URL with shop/host/embedded parameters; the admin needs them on /app.
export async function loader({ request }: LoaderFunctionArgs) {
  const { search } = new URL(request.url);
  return redirect(`/app${search}`);
}
