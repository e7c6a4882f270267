/**
 * Turns the forms a certificate arrives in into DER blobs: PEM text (RFC 7468), base64 of PEM text
 * (EMF's tlsCaCert, `openssl ... | base64 -w0`, possibly wrapped), or base64 of DER. Pure text and
 * byte handling; parsing as X.509 happens in certificate-parse.ts.
 */
import { CERTIFICATE_RULES as R, type CertificateProblem } from './certificate-rules.js';

/** Bytes over a plain ArrayBuffer: what WebCrypto's BufferSource (and so @peculiar/x509) takes. */
export type Der = Uint8Array<ArrayBuffer>;

export type DecodedInput =
  | { readonly ok: true; readonly ders: readonly Der[] }
  | { readonly ok: false; readonly problem: CertificateProblem };

const PEM_BEGIN = '-----BEGIN ';
const PEM_DASHES = '-----';
/** RFC 7468 labels: upper-case letters, digits and spaces (`X509 CERTIFICATE`). */
const PEM_LABEL = /^[A-Z0-9 ]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** DER of an X.509 certificate opens with a SEQUENCE tag (X.690 section 8.9). */
const DER_SEQUENCE_TAG = 0x30;

/** Decodes base64 (also base64url, unpadded, with whitespace) or returns undefined. */
export function decodeBase64(text: string): Der | undefined {
  const compact = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (compact.length === 0 || compact.length % 4 === 1 || !BASE64.test(compact)) return undefined;
  const padded = compact.padEnd(compact.length + ((4 - (compact.length % 4)) % 4), '=');
  try {
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Encodes bytes as standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** One PEM block's label and base64 body. */
interface PemBlock {
  readonly type: string;
  readonly body: string;
}

/**
 * Finds the PEM blocks (RFC 7468 section 2: `-----BEGIN label-----` ... `-----END label-----`) in
 * one forward pass. A block that opens but never closes ends the scan with `undefined`: a
 * backtracking regex would rescan the rest of the text for every such opening, which made a
 * 255 KB input of bare BEGIN lines take seconds (quadratic); this stays linear in the text.
 */
export function scanPemBlocks(text: string): PemBlock[] | undefined {
  const blocks: PemBlock[] = [];
  let at = text.indexOf(PEM_BEGIN);
  while (at !== -1) {
    const labelStart = at + PEM_BEGIN.length;
    const labelEnd = text.indexOf(PEM_DASHES, labelStart);
    if (labelEnd === -1) return undefined;
    const type = text.slice(labelStart, labelEnd);
    if (!PEM_LABEL.test(type)) return undefined;
    const end = `-----END ${type}-----`;
    const bodyStart = labelEnd + PEM_DASHES.length;
    const bodyEnd = text.indexOf(end, bodyStart);
    if (bodyEnd === -1) return undefined;
    blocks.push({ type, body: text.slice(bodyStart, bodyEnd) });
    at = text.indexOf(PEM_BEGIN, bodyEnd + end.length);
  }
  return blocks;
}

/** Reads every PEM block; CERTIFICATE blocks become DER, a key or another type is refused. */
function fromPem(text: string, label: string): DecodedInput {
  const blocks = scanPemBlocks(text);
  if (blocks === undefined) return { ok: false, problem: R.format(label) };
  const ders: Der[] = [];
  for (const { type, body } of blocks) {
    if (type.includes('PRIVATE KEY')) return { ok: false, problem: R.privateKey(label) };
    // RFC 7468 section 5.3: parsers may accept the older `X509 CERTIFICATE` label.
    if (type !== 'CERTIFICATE' && type !== 'X509 CERTIFICATE')
      return { ok: false, problem: R.pemType(label, type) };
    const der = decodeBase64(body);
    if (der === undefined) return { ok: false, problem: R.format(label) };
    ders.push(der);
  }
  return ders.length > 0 ? { ok: true, ders } : { ok: false, problem: R.format(label) };
}

/** Latin-1 view of bytes: enough to find PEM armour in decoded base64, and never throws. */
const asText = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

/**
 * Decodes a certificate input to DER blobs. A `-----BEGIN` anywhere means PEM text; otherwise the
 * text must be base64, whose bytes are either PEM text again (base64 of PEM) or one DER certificate.
 */
export function decodeCertificateInput(text: string, label: string): DecodedInput {
  if (text.includes('-----BEGIN')) return fromPem(text, label);
  const bytes = decodeBase64(text);
  if (bytes === undefined) return { ok: false, problem: R.format(label) };
  const decoded = asText(bytes);
  if (decoded.includes('-----BEGIN')) return fromPem(decoded, label);
  return bytes[0] === DER_SEQUENCE_TAG
    ? { ok: true, ders: [bytes] }
    : { ok: false, problem: R.format(label) };
}
