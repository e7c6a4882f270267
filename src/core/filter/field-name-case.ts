/** Proto names whose JSON spelling is not their plain camelCase form (EMF's `os_resourceID`). */
const EXCEPTIONS: Readonly<Record<string, string>> = { os_resourceID: 'osResourceID' };

/**
 * A field name or dotted path in JSON (camelCase) spelling: `tls_ca_cert` -> `tlsCaCert`,
 * `timestamps.created_at` -> `timestamps.createdAt`; a camelCase name comes back unchanged. EMF's
 * REST layer takes either spelling in filters, orderBy and field masks, so edge-orch does too.
 */
export function toCamelCase(name: string): string {
  return EXCEPTIONS[name] ?? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
