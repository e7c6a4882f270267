/**
 * The pkijs crypto engine over Node's WebCrypto.
 * @module
 */
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

/** A pkijs engine backed by node:crypto's WebCrypto. */
export function nodeCryptoEngine(): pkijs.ICryptoEngine {
  return new pkijs.CryptoEngine({
    name: 'node',
    crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
  });
}
