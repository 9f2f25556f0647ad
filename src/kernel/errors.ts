/**
 * An error a person should be told about. `code` is a key of the message catalogue and `params`
 * fill it in, so the adapter's boundary renders it in the user's language. Anything that is not a
 * MinqingError gets a polite apology and a log line without personal data.
 */
export class MinqingError extends Error {
  override name = "MinqingError";
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}
