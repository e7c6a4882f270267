/**
 * qcow2 header extensions: (type u32, length u32, data padded to 8 bytes) records that follow
 * the header in the first cluster, ended by type 0.
 * Spec: qemu's docs/interop/qcow2.txt, "Header extensions".
 */
import { Qcow2Error } from './qcow2-error.js';
import { byteFields } from '../binary/byte-fields.js';

export const EXT_END = 0x00000000;
export const EXT_BACKING_FORMAT = 0xe2792aca;
export const EXT_FEATURE_NAMES = 0x6803f857;
export const EXT_EXTERNAL_DATA_FILE = 0x44415441;
/** Size of one feature name table entry: type u8, bit u8, name 46 bytes. */
const FEATURE_NAME_ENTRY = 48;

/** A named feature bit from the feature name table. */
export interface Qcow2FeatureName {
  /** 0 incompatible, 1 compatible, 2 autoclear. */
  readonly type: number;
  readonly bit: number;
  readonly name: string;
}

/** What the reader needs from the header extensions. */
export interface Qcow2HeaderExtensions {
  readonly backingFormat: string | undefined;
  readonly externalDataFile: string | undefined;
  readonly featureNames: readonly Qcow2FeatureName[];
}

/** Decodes the extensions in `bytes[start, end)`; unknown types are skipped. */
export function decodeHeaderExtensions(bytes: Uint8Array, start: number, end: number): Qcow2HeaderExtensions {
  const view = byteFields(bytes);
  const decoder = new TextDecoder();
  const text = { decode: (b: Uint8Array) => decoder.decode(b) };
  let backingFormat: string | undefined;
  let externalDataFile: string | undefined;
  const featureNames: Qcow2FeatureName[] = [];
  let at = start;
  while (at + 8 <= end) {
    const type = view.u32be(at);
    const length = view.u32be(at + 4);
    if (type === EXT_END) break;
    const data = at + 8;
    if (data + length > end) {
      throw new Qcow2Error(
        'QCOW2_INVALID',
        `qcow2 header extension 0x${type.toString(16)} overruns the first cluster`,
        {
          offset: at,
          field: 'header extension',
          expected: `end <= ${end}`,
          actual: data + length,
        },
      );
    }
    const body = bytes.subarray(data, data + length);
    if (type === EXT_BACKING_FORMAT) backingFormat = text.decode(body);
    else if (type === EXT_EXTERNAL_DATA_FILE) externalDataFile = text.decode(body);
    else if (type === EXT_FEATURE_NAMES) featureNames.push(...decodeFeatureNames(body, text));
    at = data + Math.ceil(length / 8) * 8;
  }
  return { backingFormat, externalDataFile, featureNames };
}

function decodeFeatureNames(body: Uint8Array, text: { decode(b: Uint8Array): string }): Qcow2FeatureName[] {
  const names: Qcow2FeatureName[] = [];
  for (let at = 0; at + FEATURE_NAME_ENTRY <= body.length; at += FEATURE_NAME_ENTRY) {
    const raw = body.subarray(at + 2, at + FEATURE_NAME_ENTRY);
    const nul = raw.indexOf(0);
    names.push({
      type: body[at]!,
      bit: body[at + 1]!,
      name: text.decode(nul < 0 ? raw : raw.subarray(0, nul)),
    });
  }
  return names;
}
