/**
 * @module
 * URLs as they may appear in messages and logs: image URLs are often pre-signed (the query holds a
 * signature or token) or carry `user:password@`, and a message must never leak them.
 */

/** What replaces a secret. */
export const REDACTED = 'REDACTED';

/**
 * The URL with its credentials and every query-string value replaced by `REDACTED` (keys are
 * kept, so `?X-Amz-Signature=REDACTED&X-Amz-Expires=REDACTED` still says what kind of URL it was)
 * and its fragment dropped. Text that is not a URL comes back as `(an unparseable URL)`, since
 * there is no telling which part of it is secret.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '(an unparseable URL)';
  }
  if (parsed.username !== '') parsed.username = REDACTED;
  if (parsed.password !== '') parsed.password = REDACTED;
  parsed.hash = '';
  const query = parsed.search.slice(1);
  if (query !== '') parsed.search = `?${query.split('&').map(redactParameter).join('&')}`;
  return parsed.href;
}

/** `key=value` -> `key=REDACTED`; a bare `key` (or `key=`) has nothing to hide. */
function redactParameter(parameter: string): string {
  const equals = parameter.indexOf('=');
  if (equals < 0 || equals === parameter.length - 1) return parameter;
  return `${parameter.slice(0, equals)}=${REDACTED}`;
}
