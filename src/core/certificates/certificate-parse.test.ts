import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBase64 } from './certificate-input.js';
import { CERTIFICATE_RULES } from './certificate-rules.js';
import { parseCertificates, type ParsedCertificates } from './certificate-parse.js';
import { summarizeCertificates } from './certificate-summary.js';
import { encodeCertificateForWire } from './certificate-wire.js';
import { base64Of, makeTestCertificate, type TestCertificate } from './testing/make-test-certificates.js';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const parse = (text: string): ParsedCertificates => parseCertificates(text, { now: NOW, label: 'tlsCaCert' });

function problems(text: string): { rule: string; message: string }[] {
  const result = parse(text);
  assert.equal(result.ok, false);
  return result.ok ? [] : [...result.problems];
}

let ca: TestCertificate;
let leaf: TestCertificate;
let expired: TestCertificate;
let future: TestCertificate;

before(async () => {
  ca = await makeTestCertificate({
    name: 'CN=Test Image CA, O=edge-orch tests',
    notBefore: new Date('2025-01-01T00:00:00.000Z'),
    notAfter: new Date('2035-01-01T00:00:00.000Z'),
    ca: true,
  });
  leaf = await makeTestCertificate({
    name: 'CN=images.example.com',
    notBefore: new Date('2026-01-01T00:00:00.000Z'),
    notAfter: new Date('2027-01-01T00:00:00.000Z'),
    issuer: ca,
    dnsNames: ['images.example.com'],
  });
  expired = await makeTestCertificate({
    name: 'CN=old.example.com',
    notBefore: new Date('2024-01-01T00:00:00.000Z'),
    notAfter: new Date('2025-01-01T00:00:00.000Z'),
  });
  future = await makeTestCertificate({
    name: 'CN=future.example.com',
    notBefore: new Date('2027-01-01T00:00:00.000Z'),
    notAfter: new Date('2028-01-01T00:00:00.000Z'),
  });
});

describe('parseCertificates: input forms', () => {
  test('base64 of a PEM leaf (EMF tlsCaCert, base64 -w0) gives canonical PEM', () => {
    const result = parse(base64Of(leaf.pem));
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.pem, leaf.pem);
    assert.equal(result.ok && result.certificates[0]?.subject, 'CN=images.example.com');
  });

  test('base64 wrapped at 76 columns, with surrounding whitespace', () => {
    const result = parse(`\n  ${base64Of(leaf.pem, true)}\n`);
    assert.equal(result.ok && result.pem, leaf.pem);
  });

  test('base64 of a CA chain (leaf + CA) keeps both, in order', () => {
    const result = parse(base64Of(leaf.pem + ca.pem));
    assert.equal(result.ok && result.pem, leaf.pem + ca.pem);
    assert.deepEqual(result.ok && result.certificates.map((c) => c.subject), [
      'CN=images.example.com',
      'CN=Test Image CA, O=edge-orch tests',
    ]);
  });

  test('PEM text, with CRLF line ends and text around the block', () => {
    assert.equal(parse(ca.pem).ok && (parse(ca.pem) as { pem: string }).pem, ca.pem);
    const noisy = `subject=CN = Test\r\n${ca.pem.replace(/\n/g, '\r\n')}trailing words\n`;
    const result = parse(noisy);
    assert.equal(result.ok && result.pem, ca.pem);
  });

  test('PEM text with two certificates', () => {
    const result = parse(`${ca.pem}\n${leaf.pem}`);
    assert.equal(result.ok && result.certificates.length, 2);
    assert.equal(result.ok && result.pem, ca.pem + leaf.pem);
  });

  test('the older "X509 CERTIFICATE" PEM label (RFC 7468 section 5.3)', () => {
    const result = parse(ca.pem.replace(/ CERTIFICATE-----/g, ' X509 CERTIFICATE-----'));
    assert.equal(result.ok && result.pem, ca.pem);
  });

  test('base64url DER without padding', () => {
    const url = encodeBase64(new Uint8Array(ca.cert.rawData))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    assert.match(url, /[-_]/); // ~440 random base64 characters: all 62 alphanumerics has odds below 1e-6
    const result = parse(url);
    assert.equal(result.ok && result.pem, ca.pem);
  });

  test('base64 DER', () => {
    const result = parse(encodeBase64(new Uint8Array(ca.cert.rawData)));
    assert.equal(result.ok && result.pem, ca.pem);
  });
});

describe('parseCertificates: refusals', () => {
  const format =
    'tlsCaCert is not a certificate: give PEM text (-----BEGIN CERTIFICATE-----), its base64 encoding, or base64 DER.';

  test('garbage, plain text and non-DER base64', () => {
    for (const text of [
      'not a certificate!',
      'aGVsbG8gd29ybGQ=',
      '-----BEGIN CERTIFICATE-----\nabc',
      '%%%',
    ]) {
      assert.deepEqual(problems(text), [{ rule: 'certificate.format', message: format }], text);
    }
  });

  test('a certificate block whose body is not X.509', () => {
    const bad = `-----BEGIN CERTIFICATE-----\n${btoa('\x30\x03\x02\x01\x01')}\n-----END CERTIFICATE-----\n`;
    assert.deepEqual(problems(ca.pem + bad), [
      {
        rule: 'certificate.invalid',
        message: 'tlsCaCert: certificate 2 of 2 is not a valid X.509 certificate.',
      },
    ]);
  });

  test('a private key, or another PEM type', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
    assert.deepEqual(problems(ca.pem + key), [
      {
        rule: 'certificate.private-key',
        message: 'tlsCaCert contains a private key; give only the certificate(s), never a key.',
      },
    ]);
    const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
    assert.deepEqual(problems(base64Of(csr)), [
      {
        rule: 'certificate.pem-type',
        message:
          'tlsCaCert contains a PEM block of type "CERTIFICATE REQUEST"; only CERTIFICATE blocks are accepted.',
      },
    ]);
  });

  test('a long PEM label is cut in the message', () => {
    const label = 'A'.repeat(500);
    const [problem] = problems(`-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`);
    assert.equal(
      problem?.message,
      `tlsCaCert contains a PEM block of type "${'A'.repeat(64)}"; only CERTIFICATE blocks are accepted.`,
    );
  });

  test('bare BEGIN lines up to the size cap are refused in linear time, not rescanned per line', () => {
    // A backtracking regex took 4.6 s on 255 KB of these; the scan reads the text once.
    const attack = '-----BEGIN CERTIFICATE-----\n'.repeat(9000).slice(0, 255 * 1024);
    const started = performance.now();
    assert.deepEqual(
      problems(attack).map((p) => p.rule),
      ['certificate.format'],
    );
    assert.ok(performance.now() - started < 1000, 'a 255 KB input parses in well under a second');
  });

  test('an unterminated block before a good one is refused as a whole', () => {
    // The first block runs to the good block's END, so its body is not one certificate: it is not
    // base64 at all or not X.509, depending on the length of the (random) certificate's base64.
    const [problem] = problems(`-----BEGIN CERTIFICATE-----\nAAAA\n${leaf.pem}`);
    assert.ok(['certificate.invalid', 'certificate.format'].includes(problem?.rule ?? ''), problem?.rule);
    assert.deepEqual(
      problems(`${leaf.pem}-----BEGIN CERTIFICATE-----\nAAAA\n`).map((p) => p.rule),
      ['certificate.format'],
    );
  });

  test('expired: names the subject and the dates', () => {
    assert.deepEqual(problems(base64Of(expired.pem)), [
      {
        rule: 'certificate.expired',
        message:
          'tlsCaCert: certificate "CN=old.example.com" expired on 2025-01-01T00:00:00.000Z ' +
          '(valid from 2024-01-01T00:00:00.000Z to 2025-01-01T00:00:00.000Z).',
      },
    ]);
  });

  test('not yet valid: names the subject and the dates', () => {
    assert.deepEqual(problems(future.pem), [
      {
        rule: 'certificate.not-yet-valid',
        message:
          'tlsCaCert: certificate "CN=future.example.com" is not valid until 2027-01-01T00:00:00.000Z ' +
          '(valid from 2027-01-01T00:00:00.000Z to 2028-01-01T00:00:00.000Z).',
      },
    ]);
  });

  test('validity bounds are inclusive and judged at the given now', () => {
    const atEnd = parseCertificates(leaf.pem, { now: new Date('2027-01-01T00:00:00.000Z') });
    assert.equal(atEnd.ok, true);
    const after = parseCertificates(leaf.pem, { now: new Date('2027-01-01T00:00:00.001Z') });
    assert.equal(
      after.ok ? '' : after.problems[0]?.message.startsWith('certificate: certificate "CN=images'),
      true,
    );
  });

  test('a chain with one expired certificate is refused', () => {
    assert.deepEqual(
      problems(leaf.pem + expired.pem).map((p) => p.rule),
      ['certificate.expired'],
    );
  });

  test('checkValidity false accepts expired and not-yet-valid certificates, other rules still apply', () => {
    const lenient = (text: string) => parseCertificates(text, { now: NOW, checkValidity: false });
    const both = lenient(expired.pem + future.pem);
    assert.equal(both.ok, true, JSON.stringify(both));
    assert.equal(both.ok && both.pem, expired.pem + future.pem);
    const garbage = lenient('garbage');
    assert.deepEqual(garbage.ok ? [] : garbage.problems.map((p) => p.rule), ['certificate.format']);
  });

  test('rule ids are exposed and unique', () => {
    const ids = Object.values(CERTIFICATE_RULES).map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(CERTIFICATE_RULES.expired.id, 'certificate.expired');
  });

  test('size and count limits', () => {
    assert.deepEqual(problems('A'.repeat(262145)), [
      { rule: 'certificate.size', message: 'tlsCaCert must be at most 262144 characters.' },
    ]);
    assert.deepEqual(problems(ca.pem.repeat(33)), [
      { rule: 'certificate.count', message: 'tlsCaCert holds 33 certificates; at most 32 are accepted.' },
    ]);
  });
});

describe('summaries and wire form', () => {
  test('summarizeCertificates describes each certificate', async () => {
    const summaries = await summarizeCertificates(leaf.pem + ca.pem);
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', leaf.cert.rawData));
    const fingerprint = [...digest].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
    assert.deepEqual(summaries, [
      {
        subject: 'CN=images.example.com',
        issuer: 'CN=Test Image CA, O=edge-orch tests',
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        sha256Fingerprint: fingerprint,
        isCA: false,
        selfSigned: false,
      },
      {
        subject: 'CN=Test Image CA, O=edge-orch tests',
        issuer: 'CN=Test Image CA, O=edge-orch tests',
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2035-01-01T00:00:00.000Z',
        sha256Fingerprint: summaries[1]?.sha256Fingerprint ?? '',
        isCA: true,
        selfSigned: true,
      },
    ]);
    assert.match(summaries[1]?.sha256Fingerprint ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.deepEqual(await summarizeCertificates(''), []);
    await assert.rejects(summarizeCertificates('junk'), TypeError);
  });

  test('an RSA certificate parses and summarises like an ECDSA one', async () => {
    const rsa = await makeTestCertificate({
      name: 'CN=rsa.example.com',
      notBefore: new Date('2026-01-01T00:00:00.000Z'),
      notAfter: new Date('2027-01-01T00:00:00.000Z'),
      keyType: 'rsa',
    });
    const result = parse(base64Of(rsa.pem));
    assert.equal(result.ok && result.pem, rsa.pem);
    const [summary] = await summarizeCertificates(rsa.pem);
    assert.equal(summary?.subject, 'CN=rsa.example.com');
    assert.equal(summary?.selfSigned, true);
    assert.equal(summary?.isCA, false);
  });

  test('encodeCertificateForWire gives base64 of the PEM, which parses back', () => {
    const wire = encodeCertificateForWire(ca.pem);
    assert.equal(atob(wire), ca.pem);
    assert.equal(parse(wire).ok && (parse(wire) as { pem: string }).pem, ca.pem);
    assert.equal(encodeCertificateForWire(''), '');
  });
});
