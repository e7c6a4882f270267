/**
 * Resource ids as EMF forms them: a kind prefix, '-', and 8 lower-case hex digits
 * (`os-0a1b2c3d`, `host-...`, `inst-...`). 32 random bits: uniqueness is enforced by the store,
 * which retries on the rare collision.
 */
export const RESOURCE_ID_PREFIXES = ['os', 'host', 'inst', 'job', 'token', 'region', 'site'] as const;
export type ResourceIdPrefix = (typeof RESOURCE_ID_PREFIXES)[number];

/** The part of WebCrypto an id needs; `globalThis.crypto` in Node 20 and browsers. */
export interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

const HEX_DIGITS = 8;
const ID_BODY = /^[0-9a-f]{8}$/;

/**
 * A new id: `prefix` + '-' + `hexDigits` (default 8, EMF's form; even) lower-case hex digits
 * from `random`. Ids with no EMF counterpart that many replicas mint (jobs) take more digits.
 */
export function newResourceId(
  prefix: ResourceIdPrefix,
  random: RandomSource = globalThis.crypto,
  hexDigits = HEX_DIGITS,
): string {
  const bytes = random.getRandomValues(new Uint8Array(Math.ceil(hexDigits / 2)));
  return `${prefix}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** True when `text` is an id of this kind: exact prefix, '-', 8 lower-case hex digits. */
export function isResourceId(prefix: ResourceIdPrefix, text: string): boolean {
  return text.startsWith(`${prefix}-`) && ID_BODY.test(text.slice(prefix.length + 1));
}

/** A new job id: `job-` + 16 hex digits (64 random bits: unique across every replica's jobs). */
export const newJobId = (random: RandomSource = globalThis.crypto): string =>
  newResourceId('job', random, 16);
