// Downloads a file the app serves. Embedded in Shopify's admin, a plain link would be a request
// without the session token; App Bridge adds the token to the app's own fetch calls, so the file is
// fetched and handed to the browser as a blob, under the name the server gave it.

/** The filename of `attachment; filename="x.csv"`, null without one. */
export function filenameFromDisposition(header: string | null): string | null {
  const match = header ? /filename="([^"]+)"/.exec(header) : null;
  return match?.[1] ?? null;
}

export async function downloadFile(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Download of ${url} answered ${response.status}`);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.download = filenameFromDisposition(response.headers.get("content-disposition")) ?? "download";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The browser reads the blob after the click returns; a minute is ample before freeing it.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
