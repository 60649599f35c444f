/** `scheme://user:password@`: any URL that carries a password (postgres://, redis://, https://). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:'"]*):[^\s/@'"]+@/gi;

/**
 * Removes credentials from text about to be printed: passwords inside URLs, and any of the given
 * secret values wherever they appear (a dumped client object carries its password bare).
 */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(URL_PASSWORD, "$1$2:***@");
  for (const secret of secrets) if (secret.length >= 8) out = out.replaceAll(secret, "***");
  return out;
}
