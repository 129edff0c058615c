import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordBlockEvents } from "~/core/recommendations/block-events.server";
import { authenticateProxyPost, postOnly, proxyJson } from "~/platforms/shopify/app-proxy.server";

// POST /apps/crm/recommendations/events through Shopify's app proxy: the "frequently bought
// together" block reports its products seen (once per page view, when the block came into view)
// and added to the cart, counted per day for the merchant's statistics.

/** A block shows at most 50 products (settings.k) and reports them in one request. */
export const MAX_EVENTS = 50;

const productId = z.string().regex(/^[\w-]{1,64}$/);
const EventsBody = z.object({
  events: z
    .array(z.object({ type: z.enum(["impression", "add_to_cart"]), productId, targetProductId: productId }))
    .min(1)
    .max(MAX_EVENTS),
});

export const loader = postOnly;

export async function action({ request, context }: ActionFunctionArgs) {
  const { runtime } = context;
  const { shopper, body } = await authenticateProxyPost(runtime, request, EventsBody, () =>
    proxyJson(
      {
        error: "invalid_request",
        message: `Send {"events": [{"type": "impression" | "add_to_cart", "productId": "<id>", "targetProductId": "<id>"}], 1 to ${MAX_EVENTS} events.`,
      },
      400,
    ),
  );
  const counted = await recordBlockEvents(runtime.db, shopper.shop.id, body.events, new Date());
  return proxyJson({ counted });
}
