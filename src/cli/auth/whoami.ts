import type { ApiClient } from '../api-client/api-client.js';

/** orchd's answer to `GET /v1/whoami`. */
export interface WhoAmI {
  readonly kind: 'token' | 'oidc';
  readonly subject: string;
  readonly admin: boolean;
  readonly roles: readonly { readonly project: string; readonly role: string }[];
  readonly expiresAt: string | null;
}

/** Asks orchd who the client's token belongs to; a refused token throws (exit 3). */
export const whoAmI = (client: ApiClient): Promise<WhoAmI> => client.request<WhoAmI>('GET', '/v1/whoami');

/** `token "ci" (write on default)` style description of a caller. */
export function describeCaller(me: WhoAmI): string {
  const roles = me.admin ? ['admin'] : me.roles.map((r) => `${r.role} on ${r.project}`);
  return `${me.kind === 'token' ? 'token' : 'user'} "${me.subject}"${roles.length ? ` (${roles.join(', ')})` : ''}`;
}
