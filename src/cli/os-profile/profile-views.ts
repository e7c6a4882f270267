import type { Column } from '../output/render-table.js';
import { terminalSafe } from '../output/terminal-text.js';
import type { CertificateInfo, OsProfileResource } from '../../api/os-profile-schemas.js';

/** The words operators type, for the canonical enum values orchd returns. */
const SHORT_WORDS: Readonly<Record<string, string>> = {
  OS_TYPE_MUTABLE: 'MUTABLE',
  OS_TYPE_IMMUTABLE: 'IMMUTABLE',
  SECURITY_FEATURE_NONE: 'NONE',
  SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION: 'SB_FDE',
  OS_PROVIDER_KIND_INFRA: 'INFRA',
  OS_PROVIDER_KIND_LENOVO: 'LENOVO',
};

/** `OS_TYPE_MUTABLE` as `MUTABLE`, `SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION` as `SB_FDE`. */
export const shortWord = (value: string): string => SHORT_WORDS[value] ?? value;

/**
 * The columns of `list`: NAME, PROFILE, TYPE, VERSION, SECURITY, SOURCE, VALIDATION, RESOURCE ID.
 * VALIDATION is the state of the profile's latest validation, `-` when it was never validated.
 */
export const PROFILE_COLUMNS: readonly Column<OsProfileResource>[] = [
  { header: 'NAME', value: (p) => p.name },
  { header: 'PROFILE', value: (p) => p.profileName },
  { header: 'TYPE', value: (p) => shortWord(p.osType) },
  { header: 'VERSION', value: (p) => p.imageId },
  { header: 'SECURITY', value: (p) => shortWord(p.securityFeature) },
  { header: 'SOURCE', value: (p) => p.source },
  { header: 'VALIDATION', value: (p) => p.validation?.state ?? '-' },
  { header: 'RESOURCE ID', value: (p) => p.resourceId },
];

/** `-o wide` adds the provider, architecture, certificate subject and image URL. */
export const WIDE_PROFILE_COLUMNS: readonly Column<OsProfileResource>[] = [
  ...PROFILE_COLUMNS,
  { header: 'PROVIDER', value: (p) => shortWord(p.osProvider) },
  { header: 'ARCH', value: (p) => p.architecture },
  { header: 'CERTIFICATE', value: (p) => p.tlsCaCertInfo[0]?.subject ?? '-' },
  { header: 'IMAGE URL', value: (p) => p.imageUrl },
];

/** One certificate in a few lines: subject, issuer, validity, SHA-256 fingerprint. */
export function certificateLines(cert: CertificateInfo): [string, string][] {
  return [
    ['  subject', cert.subject],
    ['  issuer', cert.issuer + (cert.selfSigned ? ' (self-signed)' : '')],
    ['  valid', `${cert.notBefore} to ${cert.notAfter}`],
    ['  sha256', cert.sha256Fingerprint],
    ['  ca', cert.isCA ? 'yes' : 'no'],
  ];
}

/** Metadata as `k=v, k=v` (orchd sends it as JSON text, '' when empty). */
export function metadataText(metadata: string): string {
  if (!metadata) return '';
  try {
    const map = JSON.parse(metadata) as Record<string, string>;
    return Object.entries(map)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  } catch {
    return metadata;
  }
}

/** PEM certificates in base64 of a PEM (how the API sends secureBootCerts and secureBootMokCerts). */
function certificateCount(base64Pem: string): number {
  if (!base64Pem) return 0;
  const text = Buffer.from(base64Pem, 'base64').toString('utf8');
  return (text.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The Secure Boot policy in a few lines: db and MOK certificates counted, the deny list as
 * certificates and hashes, the SBAT level's lines; `none` for what is unset.
 */
export function secureBootLines(p: OsProfileResource): [string, string][] {
  const dbxCerts = (p.secureBootDbx.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
  const dbxHashes = p.secureBootDbx.split(/\r?\n/).filter((l) => /^\s*[0-9a-fA-F]{64}\s*$/.test(l)).length;
  const db = certificateCount(p.secureBootCerts);
  const mok = certificateCount(p.secureBootMokCerts);
  const sbat = p.sbatLevel
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return [
    ['Secure Boot db', db === 0 ? 'none' : count(db, 'certificate')],
    [
      'Secure Boot dbx',
      p.secureBootDbx ? `${count(dbxCerts, 'certificate')}, ${count(dbxHashes, 'hash', 'hashes')}` : 'none',
    ],
    ['Secure Boot MOK', mok === 0 ? 'none' : count(mok, 'certificate')],
    ['SBAT level', sbat.length === 0 ? "none (shim's own)" : sbat.join('; ')],
  ];
}

/**
 * Every field of a profile for `get`, the certificate summarised (never the base64 text) and the
 * long EMF text fields only when set.
 */
export function profileDetails(p: OsProfileResource): [string, string][] {
  const fields: [string, string][] = [
    ['Name', p.name],
    ['Resource ID', p.resourceId],
    ['Profile', p.profileName],
    ['Version', p.imageId],
    ['Type', shortWord(p.osType)],
    ['OS family', p.osFamily],
    ['Provider', shortWord(p.osProvider)],
    ['Security', shortWord(p.securityFeature)],
    ['Architecture', p.architecture],
    ['Source', p.source],
    ['Image URL', p.imageUrl],
    ['SHA-256', p.sha256],
    ['Description', p.description],
    ['Metadata', metadataText(p.metadata)],
  ];
  if (p.validation) fields.push(['Validation', p.validation.state]);
  if (p.tlsCaCertInfo.length === 0) fields.push(['Certificate', 'none (system roots)']);
  p.tlsCaCertInfo.forEach((cert, index) => {
    fields.push([p.tlsCaCertInfo.length > 1 ? `Certificate ${index + 1}` : 'Certificate', '']);
    fields.push(...certificateLines(cert));
  });
  fields.push(...secureBootLines(p));
  for (const [label, value] of [
    ['Platform bundle', p.platformBundle],
    ['Installed packages', p.installedPackages],
    ['Existing CVEs', p.existingCves],
    ['Fixed CVEs', p.fixedCves],
  ] as const) {
    if (value) fields.push([label, value]);
  }
  fields.push(['Created', p.timestamps.createdAt], ['Updated', p.timestamps.updatedAt]);
  return fields;
}

/** `OS profile "name" (os-1a2b3c4d)`, how messages name a profile. */
export const profileLabel = (p: Pick<OsProfileResource, 'name' | 'resourceId'>): string =>
  `OS profile "${terminalSafe(p.name)}" (${terminalSafe(p.resourceId)})`;
