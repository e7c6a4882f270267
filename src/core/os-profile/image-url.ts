import { fail, fieldIssue, ok, type RuleOutcome } from './field-issue.js';
import { IMAGE_URL_MAX_LENGTH, PROFILE_RULES as R } from './os-profile-rules.js';

/**
 * Default base of relative image paths: EMF's Release Service file server, where the EMT default
 * profiles live (`files-edge-orch/repository/...`). orchd's `--release-service-url` overrides it.
 */
export const DEFAULT_RELEASE_SERVICE_URL = 'https://files-rs.edgeorchestration.intel.com';

const FIELD = 'imageUrl';
/** `scheme:` at the start (RFC 3986 section 3.1). */
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
/** Characters RFC 3986 allows in a URI, '%' handled apart: unreserved, gen-delims, sub-delims. */
const URL_CHARACTER = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/;

/**
 * Checks that every character may appear in a URI and that each '%' starts an escape, so
 * pre-signed URLs (`%2F`, `&`, `+`, `~`, query strings) pass and spaces or quotes do not (EMF bug 9).
 */
function checkCharacters(text: string): RuleOutcome<string> {
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '%') {
      if (!/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3)))
        return fail(fieldIssue(FIELD, R.imageUrlPercent, i));
    } else if (!URL_CHARACTER.test(c)) {
      const codePoint = String.fromCodePoint(text.codePointAt(i) ?? 0);
      return fail(fieldIssue(FIELD, R.imageUrlCharacter, codePoint, i));
    }
  }
  return ok(text);
}

/** Joins a relative path to the base, keeping the base's own path (`https://host/mirror` + `a/b`). */
function resolveRelative(path: string, releaseServiceUrl: string): RuleOutcome<string> {
  if (path.startsWith('//') || path.split(/[/?#]/).some((segment) => segment === '..')) {
    return fail(fieldIssue(FIELD, R.imageUrlRelative));
  }
  return ok(`${releaseServiceUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
}

/** Refuses what `new URL` cannot parse, a URL without host and one with credentials. */
function checkAbsolute(url: string): RuleOutcome<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(fieldIssue(FIELD, R.imageUrlInvalid));
  }
  if (parsed.hostname === '') return fail(fieldIssue(FIELD, R.imageUrlInvalid));
  if (parsed.username !== '' || parsed.password !== '') return fail(fieldIssue(FIELD, R.imageUrlCredentials));
  return ok(url);
}

/** An absolute URL: https only (http gets its reason), `//` and a host, no credentials. */
function checkHttps(text: string): RuleOutcome<string> {
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return fail(fieldIssue(FIELD, R.imageUrlInvalid));
  if (scheme === 'http') return fail(fieldIssue(FIELD, R.imageUrlHttp));
  if (scheme !== 'https') return fail(fieldIssue(FIELD, R.imageUrlScheme, scheme));
  // WHATWG URL reads `https:host/x` and `https:///x` as https://host/x and https://x/: demand
  // `//` and a non-empty authority so such typos surface instead of guessing a host.
  if (!/^https:\/\/[^/?#]/i.test(text)) return fail(fieldIssue(FIELD, R.imageUrlInvalid));
  return checkAbsolute(text);
}

/**
 * Normalises `imageUrl`: trimmed; must be `https://` (plain http gets its own message, since the
 * image ends up on a node's disk); may carry any URI character and query strings; a path without a
 * scheme (the EMT defaults' `files-edge-orch/repository/...`) is resolved against
 * `releaseServiceUrl`. The stored text is the URL as given (not re-encoded by `URL`), or the
 * resolved one.
 */
export function normalizeImageUrl(raw: unknown, releaseServiceUrl: string): RuleOutcome<string> {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    return fail(fieldIssue(FIELD, R.imageUrlRequired));
  }
  if (typeof raw !== 'string') return fail(fieldIssue(FIELD, R.fieldType, FIELD, 'a string'));
  const text = raw.trim();
  if (text.length > IMAGE_URL_MAX_LENGTH) return fail(fieldIssue(FIELD, R.imageUrlLength));
  const characters = checkCharacters(text);
  if (!characters.ok) return characters;
  if (SCHEME.test(text)) return checkHttps(text);
  // The base is configuration, but the URL a node fetches must meet the same rules either way.
  const resolved = resolveRelative(text, releaseServiceUrl);
  return resolved.ok ? checkHttps(resolved.value) : resolved;
}
