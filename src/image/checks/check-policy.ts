/**
 * @module
 * The default validation policy and the merge of a caller's partial policy over it.
 */
import type { ValidationPolicy } from './check-types.js';

const MIB = 1024 * 1024;

/**
 * Defaults: EMT 3.0 or later; the node agent at `/usr/bin/node-agent`; a 32 GiB smallest disk
 * (EMT's layout refuses smaller disks); an EMT rootfs of at most 4096 MiB (the size EMT's layout
 * gives rootfs A: a larger one would be silently truncated).
 */
export const DEFAULT_VALIDATION_POLICY: ValidationPolicy = Object.freeze({
  minEmtVersion: '3.0',
  agentPaths: Object.freeze(['/usr/bin/node-agent']),
  smallestDiskBytes: 32 * 1024 * MIB,
  emtRootfsMaxBytes: 4096 * MIB,
});

/** `partial` over the defaults; absent fields keep their default. */
export function resolvePolicy(partial: Partial<ValidationPolicy> = {}): ValidationPolicy {
  return Object.freeze({
    minEmtVersion: partial.minEmtVersion ?? DEFAULT_VALIDATION_POLICY.minEmtVersion,
    agentPaths: Object.freeze([...(partial.agentPaths ?? DEFAULT_VALIDATION_POLICY.agentPaths)]),
    smallestDiskBytes: partial.smallestDiskBytes ?? DEFAULT_VALIDATION_POLICY.smallestDiskBytes,
    emtRootfsMaxBytes: partial.emtRootfsMaxBytes ?? DEFAULT_VALIDATION_POLICY.emtRootfsMaxBytes,
  });
}
