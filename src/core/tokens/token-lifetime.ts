import { OrchError } from '../errors/index.js';
import type { RoleGrant } from '../projects/index.js';

/** A token lifetime: 1..999999 of s, m, h or d (`90m`, `12h`, `30d`). */
export const TOKEN_LIFETIME_PATTERN = '^[1-9][0-9]{0,5}[smhd]$';

const LIFETIME = /^([1-9][0-9]{0,5})([smhd])$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** ISO expiry of a lifetime like `30d` from `now`; InvalidArgument (field expiresIn) otherwise. */
export function expiryOf(expiresIn: string, now: Date): string {
  const match = LIFETIME.exec(expiresIn);
  const unit = match?.[2] ? UNIT_SECONDS[match[2]] : undefined;
  if (!match || unit === undefined) {
    throw new OrchError('InvalidArgument', `expiresIn '${expiresIn}' must look like 90m, 12h or 30d`, {
      details: { field: 'expiresIn' },
    });
  }
  return new Date(now.getTime() + Number(match[1]) * unit * 1000).toISOString();
}

/** An API token as stored and shown (never its secret). */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly admin: boolean;
  /** Per-project roles; `write` implies `read`. */
  readonly roles: readonly RoleGrant[];
  readonly createdAt: string;
  readonly expiresAt: string | null;
}
