// The messages of one area of the app (a page or a feature), English and German side by side, so
// areas are written and reviewed on their own. en.ts and de.ts spread each area in.

/** The German (or any other) messages of an area: exactly the keys of its English messages. */
export type AreaTranslation<English> = { readonly [K in keyof English]: string };
