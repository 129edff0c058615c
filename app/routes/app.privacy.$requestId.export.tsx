import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireAdminContext } from "~/auth/admin-context.server";
import { DataExportSchema, renderExportCsv } from "~/core/privacy/export-csv";
import { EXPORT_FORMATS, exportFilename, renderExportJson, type ExportFormat } from "~/core/privacy/export-download";
import { getDataRequestExport } from "~/core/privacy/privacy-requests.server";
import { resolveLocale } from "~/i18n/locale.server";
import { translate } from "~/i18n/translate";

// A data request's export as a file: ?format=json (the stored document) or csv (for Excel), in
// the admin's language. Personal data: never cached, always an attachment.

const ParamsSchema = z.object({ requestId: z.uuid() });
const FormatSchema = z.enum(EXPORT_FORMATS).default("json");

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const parsedParams = ParamsSchema.safeParse(params);
  if (!parsedParams.success) throw new Response("Not found", { status: 404 });
  const format = FormatSchema.safeParse(new URL(request.url).searchParams.get("format") ?? undefined);
  if (!format.success) throw new Response("Unknown format", { status: 400 });

  const found = await getDataRequestExport(context.runtime.db, shop.id, parsedParams.data.requestId);
  if (found.status === "not_found") throw new Response("Not found", { status: 404 });
  if (found.status === "erased") throw new Response("The export was erased by a later redaction", { status: 410 });

  const locale = resolveLocale(request);
  const body =
    format.data === "csv"
      ? renderExportCsv(DataExportSchema.parse(found.export), locale, shop.currency)
      : renderExportJson(found.export);
  const filename = exportFilename(translate(locale, "privacy.file.prefix"), shop.domain, found.receivedAt, format.data);
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[format.data],
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
