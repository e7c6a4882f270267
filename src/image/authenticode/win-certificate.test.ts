import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOrchError } from '../../core/errors/index.js';
import { decodeWinCertificates, WIN_CERT_TYPE_PKCS_SIGNED_DATA } from './win-certificate.js';

const entry = (payload: number[], type = WIN_CERT_TYPE_PKCS_SIGNED_DATA): number[] => {
  const length = 8 + payload.length;
  const padded = [...payload, ...new Array((8 - (length % 8)) % 8).fill(0)];
  return [length & 0xff, length >> 8, 0, 0, 0x00, 0x02, type, 0, ...padded];
};

describe('decodeWinCertificates', () => {
  it('splits quadword-aligned entries and keeps revision, type and exact data', () => {
    const table = Uint8Array.from([...entry([1, 2, 3]), ...entry([9, 9, 9, 9, 9, 9, 9, 9], 0x0001)]);
    const entries = decodeWinCertificates(table);
    assert.deepEqual(
      entries.map((e) => [e.revision, e.type, [...e.data]]),
      [
        [0x0200, 2, [1, 2, 3]],
        [0x0200, 1, [9, 9, 9, 9, 9, 9, 9, 9]],
      ],
    );
  });

  it('refuses a dwLength that overruns the table or is shorter than the header', () => {
    const overrun = Uint8Array.from(entry([1, 2, 3]));
    overrun[0] = 200;
    assert.throws(
      () => decodeWinCertificates(overrun),
      (e) =>
        isOrchError(e, 'CORRUPT_DATA') &&
        e.message === 'PE: WIN_CERTIFICATE at table offset 0 has dwLength 200, the table has 16 bytes left',
    );
    const short = Uint8Array.from(entry([1]));
    short[0] = 4;
    assert.throws(() => decodeWinCertificates(short), /dwLength 4/);
  });
});
