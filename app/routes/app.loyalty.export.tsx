import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdminContext } from "~/auth/admin-context.server";
import { membersCsv } from "~/core/loyalty/members-export.server";
import { exportFilename } from "~/core/privacy/export-download";
import { resolveLocale } from "~/i18n/locale.server";
import { translate } from "~/i18n/translate";

// The shop's loyalty members as a CSV file for Excel, in the admin's language, sent as it is read.
// Personal data: never cached, always an attachment.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const locale = resolveLocale(request);
  const pieces = membersCsv(context.runtime.db, shop.id, locale);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  const filename = exportFilename(translate(locale, "loyaltyImport.export.filePrefix"), shop.domain, new Date(), "csv");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
