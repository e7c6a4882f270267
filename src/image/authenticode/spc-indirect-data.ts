/**
 * SpcIndirectDataContent, the content Authenticode signs: it carries the image hash.
 * Authenticode PE specification, section "SpcIndirectDataContent".
 *
 *   SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue,
 *                                         messageDigest DigestInfo }
 *   DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
 * @module
 */
import * as asn1js from 'asn1js';
import type { AuthenticodeDigest } from './authenticode-hash.js';

/** 1.3.6.1.4.1.311.2.1.4 (SPC_INDIRECT_DATA_OBJID) */
export const SPC_INDIRECT_DATA_OID = '1.3.6.1.4.1.311.2.1.4';

/** Hash algorithm OIDs (RFC 3279, RFC 5754). */
export const DIGEST_OIDS: Readonly<Record<string, AuthenticodeDigest>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** The digest a signature claims for the image. */
export interface SignedImageDigest {
  readonly algorithmOid: string;
  /** undefined when the OID is not one of {@link DIGEST_OIDS}. */
  readonly algorithm: AuthenticodeDigest | undefined;
  readonly digest: Uint8Array;
}

/** Reads the DigestInfo out of a decoded SpcIndirectDataContent; throws a plain Error if malformed. */
export function decodeSpcIndirectData(content: asn1js.AsnType): SignedImageDigest {
  if (!(content instanceof asn1js.Sequence)) throw new Error('SpcIndirectDataContent is not a SEQUENCE');
  const digestInfo = content.valueBlock.value[1];
  if (!(digestInfo instanceof asn1js.Sequence)) throw new Error('SpcIndirectDataContent has no DigestInfo');
  const [algorithmId, digest] = digestInfo.valueBlock.value;
  const oid = algorithmId instanceof asn1js.Sequence ? algorithmId.valueBlock.value[0] : undefined;
  if (!(oid instanceof asn1js.ObjectIdentifier) || !(digest instanceof asn1js.OctetString)) {
    throw new Error('DigestInfo is not { AlgorithmIdentifier, OCTET STRING }');
  }
  const algorithmOid = oid.valueBlock.toString();
  return {
    algorithmOid,
    algorithm: DIGEST_OIDS[algorithmOid],
    digest: new Uint8Array(digest.valueBlock.valueHexView),
  };
}
