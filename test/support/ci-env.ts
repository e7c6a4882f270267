/**
 * @module
 * Whether this run is CI: there, a test that cannot run its real part (PostgreSQL, a loop device)
 * fails instead of skipping, so a missing capability never passes for a green suite.
 */

/** True under CI: `CI` set to anything but '', 'false' or '0'. */
export function underCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}
