/**
 * A delivery whose body cannot become a neutral event (malformed JSON, a shape that fails
 * validation, an unknown topic). Retrying cannot fix it: it is parked for inspection, and nothing
 * of it is applied.
 */
export class UnprocessablePayloadError extends Error {
  override name = "UnprocessablePayloadError";
}
