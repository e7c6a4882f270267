/**
 * @module
 * Certificates for tests that talk to real TLS servers on loopback, generated with the `openssl`
 * command line tool (Debian `openssl`) into a temporary folder, once per test process.
 *
 * Every certificate uses a P-256 key (fast to generate). Unless said otherwise a leaf names
 * `DNS:localhost` and `IP:127.0.0.1` and is valid from yesterday for ten years.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCa, generateSelfSignedLeaf, issueLeaf, type CertificateFiles } from './openssl-commands.js';

/** A certificate and its private key, as PEM text and as files on disk. */
export interface TestKeyPair {
  /** The certificate, PEM. */
  readonly cert: string;
  /** Its unencrypted private key, PEM (PKCS#8). */
  readonly key: string;
  readonly certPath: string;
  readonly keyPath: string;
}

/** The set every TLS test draws from. */
export interface TestCertificates {
  /** The folder holding every file (removed when the process exits). */
  readonly dir: string;
  /** A CA (CN=edge-orch test CA) that signs `leaf`, `expired`, `notYetValid` and `wrongHost`. */
  readonly ca: TestKeyPair;
  /** CN=localhost, SAN DNS:localhost + IP:127.0.0.1, signed by `ca`. */
  readonly leaf: TestKeyPair;
  /** A self-signed leaf (CA:FALSE) for localhost/127.0.0.1: what a bare image server often has. */
  readonly selfSigned: TestKeyPair;
  /** Signed by `ca`, right names, validity ended two days ago. */
  readonly expired: TestKeyPair;
  /** Signed by `ca`, right names, valid only from a year from now. */
  readonly notYetValid: TestKeyPair;
  /** Signed by `ca`, valid, but names only `DNS:wrong-host.test` (not localhost nor 127.0.0.1). */
  readonly wrongHost: TestKeyPair;
  /** A second CA unrelated to `ca` (trusting it must not trust `leaf`). */
  readonly otherCa: TestKeyPair;
  /** A localhost/127.0.0.1 leaf signed by `otherCa`. */
  readonly otherLeaf: TestKeyPair;
}

const LOOPBACK_NAMES = 'DNS:localhost,IP:127.0.0.1';
const DAY_MS = 86_400_000;

let cached: Promise<TestCertificates> | undefined;

/**
 * The test certificates, generated on first call and shared by every later call in this process
 * (generation takes a few hundred milliseconds). The folder is removed when the process exits.
 */
export function loadTestCertificates(): Promise<TestCertificates> {
  cached ??= generateTestCertificates();
  return cached;
}

async function generateTestCertificates(): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'edge-orch-tls-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const now = Date.now();
  const ca = await generateCa(dir, 'ca', 'edge-orch test CA');
  const otherCa = await generateCa(dir, 'other-ca', 'edge-orch unrelated test CA');
  const validNow = { notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 3650 * DAY_MS) };
  const [leaf, expired, notYetValid, wrongHost, otherLeaf, selfSigned] = await Promise.all([
    issueLeaf(dir, ca, { name: 'leaf', cn: 'localhost', san: LOOPBACK_NAMES, ...validNow }),
    issueLeaf(dir, ca, {
      name: 'expired',
      cn: 'localhost',
      san: LOOPBACK_NAMES,
      notBefore: new Date(now - 400 * DAY_MS),
      notAfter: new Date(now - 2 * DAY_MS),
    }),
    issueLeaf(dir, ca, {
      name: 'not-yet-valid',
      cn: 'localhost',
      san: LOOPBACK_NAMES,
      notBefore: new Date(now + 365 * DAY_MS),
      notAfter: new Date(now + 730 * DAY_MS),
    }),
    issueLeaf(dir, ca, {
      name: 'wrong-host',
      cn: 'wrong-host.test',
      san: 'DNS:wrong-host.test',
      ...validNow,
    }),
    issueLeaf(dir, otherCa, { name: 'other-leaf', cn: 'localhost', san: LOOPBACK_NAMES, ...validNow }),
    generateSelfSignedLeaf(dir, 'self-signed', 'localhost', LOOPBACK_NAMES),
  ]);
  const pair = (files: CertificateFiles): TestKeyPair => Object.freeze({ ...files });
  return Object.freeze({
    dir,
    ca: pair(ca),
    leaf: pair(leaf),
    selfSigned: pair(selfSigned),
    expired: pair(expired),
    notYetValid: pair(notYetValid),
    wrongHost: pair(wrongHost),
    otherCa: pair(otherCa),
    otherLeaf: pair(otherLeaf),
  });
}
