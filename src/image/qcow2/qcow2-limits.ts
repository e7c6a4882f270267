/**
 * Limits that turn a malicious or absurd qcow2 image into a QCOW2_BOMB error instead of an
 * exhausted machine. The defaults admit any real image a node could be provisioned with.
 */
export interface Qcow2Limits {
  /** Largest accepted virtual size. Default 16 TiB. */
  readonly maxVirtualSize: number;
  /** Largest accepted L1 table (l1_size * 8), held in memory for the whole pass. Default 32 MiB. */
  readonly maxL1Bytes: number;
}

/** The default {@link Qcow2Limits}. */
export const DEFAULT_QCOW2_LIMITS: Qcow2Limits = Object.freeze({
  maxVirtualSize: 16 * 2 ** 40,
  maxL1Bytes: 32 * 2 ** 20,
});
