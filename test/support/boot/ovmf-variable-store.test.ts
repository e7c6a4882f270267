import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeGuid } from '../../../src/image/gpt/gpt-guid.js';
import {
  EFI_GLOBAL_VARIABLE,
  EFI_IMAGE_SECURITY_DATABASE,
  enrollSecureBootKeys,
  signatureList,
  VariableStoreError,
} from './ovmf-variable-store.js';
import { OVMF_BLANK_VARS } from './qemu-boot.js';

const OWNER = '5E1F0A6B-9D2C-4B7E-8A31-0B00700F0001';
const X509 = 'A5C059A1-94E4-4AA7-87B5-AB155C2BF072';
const cert = (fill: number, length: number): Uint8Array => new Uint8Array(length).fill(fill);

/** A blank authenticated store as OVMF_VARS_4M.fd lays it out: FV header (72 bytes), store header, 0xff. */
function blankStore(size = 64 * 1024): Uint8Array {
  const image = new Uint8Array(size).fill(0xff);
  const view = new DataView(image.buffer);
  image.fill(0, 0, 72);
  image.set(new TextEncoder().encode('_FVH'), 40);
  view.setUint16(48, 72, true);
  const guid = Uint8Array.from([
    0x78, 0x2c, 0xf3, 0xaa, 0x7b, 0x94, 0x9a, 0x43, 0xa1, 0x80, 0x2e, 0x14, 0x4e, 0xc3, 0x77, 0x92,
  ]);
  image.set(guid, 72);
  view.setUint32(72 + 16, size - 72, true);
  image.fill(0, 72 + 20, 72 + 28);
  return image;
}

interface ReadVariable {
  readonly name: string;
  readonly vendor: string;
  readonly attributes: number;
  readonly data: Uint8Array;
  readonly year: number;
}

/** Walks the records the way edk2's variable driver does (start id 0x55aa, 4-byte aligned). */
function readVariables(image: Uint8Array): ReadVariable[] {
  const view = new DataView(image.buffer, image.byteOffset);
  const found: ReadVariable[] = [];
  let at = 72 + 0x1c;
  while (view.getUint16(at, true) === 0x55aa) {
    assert.equal(image[at + 2], 0x3f, 'state VAR_ADDED');
    const nameSize = view.getUint32(at + 36, true);
    const dataSize = view.getUint32(at + 40, true);
    const name = new TextDecoder('utf-16le').decode(image.subarray(at + 60, at + 60 + nameSize - 2));
    found.push({
      name,
      vendor: decodeGuid(image, at + 44),
      attributes: view.getUint32(at + 4, true),
      data: image.slice(at + 60 + nameSize, at + 60 + nameSize + dataSize),
      year: view.getUint16(at + 16, true),
    });
    at += 60 + nameSize + dataSize;
    at += -at & 3;
  }
  return found;
}

describe('OVMF variable store writer', () => {
  it('enrols PK, KEK and db as time-authenticated variables and turns Secure Boot on', () => {
    const pk = cert(1, 301);
    const kek = cert(2, 302);
    const db = [cert(3, 303), cert(4, 304)];
    const variables = readVariables(enrollSecureBootKeys(blankStore(), { owner: OWNER, pk, kek, db }));
    assert.deepEqual(
      variables.map((v) => [v.name, v.vendor, v.attributes]),
      [
        ['PK', EFI_GLOBAL_VARIABLE, 0x27],
        ['KEK', EFI_GLOBAL_VARIABLE, 0x27],
        ['db', EFI_IMAGE_SECURITY_DATABASE, 0x27],
        ['SecureBootEnable', 'F0A30BC7-AF08-4556-99C4-001009C93A44', 0x03],
        ['CustomMode', 'C076EC0C-7028-4399-A072-71EE5C448B9F', 0x03],
      ],
    );
    assert.deepEqual(variables[0]!.data, signatureList(OWNER, [pk]));
    assert.deepEqual(variables[2]!.data, signatureList(OWNER, db));
    assert.equal(variables[0]!.year, 2024, 'authenticated writes carry a time stamp');
    assert.deepEqual([...variables[3]!.data, ...variables[4]!.data], [1, 0]);
  });

  it('writes one X.509 signature list per certificate: type, sizes, owner, DER', () => {
    const der = cert(7, 100);
    const list = signatureList(OWNER, [der, cert(8, 50)]);
    const view = new DataView(list.buffer);
    assert.equal(decodeGuid(list, 0), X509);
    assert.equal(view.getUint32(16, true), 28 + 16 + 100, 'SignatureListSize');
    assert.equal(view.getUint32(20, true), 0, 'SignatureHeaderSize');
    assert.equal(view.getUint32(24, true), 16 + 100, 'SignatureSize');
    assert.equal(decodeGuid(list, 28), OWNER);
    assert.deepEqual(list.subarray(44, 144), der);
    assert.equal(decodeGuid(list, 144), X509, 'the second list follows the first');
    assert.equal(list.byteLength, 144 + 28 + 16 + 50);
  });

  it('refuses a file that is not a firmware volume, a store of another kind, a used store, a store too small', () => {
    const keys = { owner: OWNER, pk: cert(1, 10), kek: cert(2, 10), db: [cert(3, 10)] };
    assert.throws(() => enrollSecureBootKeys(new Uint8Array(4096), keys), (e: Error) =>
      e instanceof VariableStoreError && /no _FVH signature/.test(e.message));
    const otherKind = blankStore();
    otherKind[72] = 0;
    assert.throws(() => enrollSecureBootKeys(otherKind, keys), /not an authenticated variable store/);
    const used = enrollSecureBootKeys(blankStore(), keys);
    assert.throws(() => enrollSecureBootKeys(used, keys), /already holds variables/);
    assert.throws(() => enrollSecureBootKeys(blankStore(300), keys), /do not fit/);
  }); // prettier-ignore

  it('accepts the OVMF_VARS_4M.fd Debian ships and leaves the rest of it as it was', { skip: !existsSync(OVMF_BLANK_VARS) }, () => {
    const template = new Uint8Array(readFileSync(OVMF_BLANK_VARS));
    const keys = { owner: OWNER, pk: cert(1, 500), kek: cert(2, 500), db: [cert(3, 500)] };
    const enrolled = enrollSecureBootKeys(template, keys);
    assert.equal(enrolled.byteLength, template.byteLength);
    assert.deepEqual(enrolled.subarray(0, 100), template.subarray(0, 100), 'headers untouched');
    assert.deepEqual(readVariables(enrolled).map((v) => v.name), ['PK', 'KEK', 'db', 'SecureBootEnable', 'CustomMode']);
  }); // prettier-ignore
});
