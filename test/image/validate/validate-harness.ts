/**
 * @module
 * Shared pieces of the validation tests: the OS-image fixtures of this process, a loopback HTTPS
 * server (test CA leaf) serving them, and a run of validateImage with a profile per OS kind.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageEncoding } from '../../fixtures/disk-image/encode-image.js';
import { createOsImageFixtures } from '../../fixtures/os-images/os-image-fixtures.js';
import type { OsImageVariant } from '../../fixtures/os-images/os-image-variants.js';
import { startImageServer, type ImageServer } from '../../support/https-server/image-server.js';
import type { ServedContent } from '../../support/https-server/served-content.js';
import { loadTestCertificates } from '../../support/tls/test-certificates.js';
import { validateImage } from '../../../src/image/validate/index.js';
import type {
  ValidateImageInput,
  ValidateImageOptions,
  ValidationReport,
} from '../../../src/image/validate/index.js';

/** The fixtures of this test process. */
export const fixtures = createOsImageFixtures();

/** A scratch folder for this process, removed at exit. */
export const scratchDir = mkdtempSync(join(tmpdir(), 'edge-orch-validate-'));
process.once('exit', () => rmSync(scratchDir, { recursive: true, force: true }));

/** Files left in the scratch folder (none once every run is over). */
export const scratchLeftovers = (): string[] => readdirSync(scratchDir);

/** A server whose files are added per path as tests need them. */
export interface ValidationServer {
  readonly server: ImageServer;
  readonly caPem: string;
}

/** Starts an HTTPS server on loopback with the test CA's leaf, serving `files`. */
export async function startServer(files: Record<string, ServedContent>): Promise<ValidationServer> {
  const certs = await loadTestCertificates();
  const server = await startImageServer({ tls: { cert: certs.leaf.cert, key: certs.leaf.key }, files });
  return { server, caPem: certs.ca.cert };
}

/** Serves every given variant/encoding at `/<variant>.<encoding>`; resolves their paths and digests. */
export async function serveVariants(
  wanted: readonly (readonly [OsImageVariant, ImageEncoding])[],
): Promise<ValidationServer & { sha256: (variant: OsImageVariant, encoding?: ImageEncoding) => string }> {
  const built = await Promise.all(wanted.map(([v, e]) => fixtures.image(v, e)));
  const files: Record<string, ServedContent> = {};
  const digests = new Map<string, string>();
  wanted.forEach(([variant, encoding], index) => {
    files[`/${variant}.${encoding}`] = { file: built[index]!.path };
    digests.set(`${variant}.${encoding}`, built[index]!.sha256);
  });
  const started = await startServer(files);
  return { ...started, sha256: (v, e = 'raw') => digests.get(`${v}.${e}`)! };
}

/** The profile a variant's OS kind needs: Ubuntu 22.04.5 mutable or EMT 3.0 immutable, SB+FDE. */
export async function profileFor(
  variant: OsImageVariant,
): Promise<Omit<ValidateImageInput, 'url' | 'sha256'>> {
  const keys = await fixtures.keys();
  const ubuntu = variant.startsWith('ubuntu');
  return {
    osType: ubuntu ? 'OS_TYPE_MUTABLE' : 'OS_TYPE_IMMUTABLE',
    osVersion: ubuntu ? '22.04.5' : '3.0',
    profileName: ubuntu ? 'ubuntu-22.04-lts-generic' : 'microvisor-nonrt',
    securityFeature: 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
    secureBootCerts: keys.ca.cert,
  };
}

/** What one run changes from the defaults. */
export interface RunSpec {
  readonly variant: OsImageVariant;
  readonly encoding?: ImageEncoding;
  readonly input?: Partial<ValidateImageInput>;
  readonly options?: Partial<ValidateImageOptions>;
}

/** Validates a served variant with its kind's profile, `spec` applied on top. */
export async function validateServed(
  served: ValidationServer & { sha256: (v: OsImageVariant, e?: ImageEncoding) => string },
  spec: RunSpec,
): Promise<ValidationReport> {
  const encoding = spec.encoding ?? 'raw';
  return validateImage(
    {
      url: served.server.url(`/${spec.variant}.${encoding}`),
      sha256: served.sha256(spec.variant, encoding),
      caPem: served.caPem,
      ...(await profileFor(spec.variant)),
      ...spec.input,
    },
    { scratchDir, ...spec.options },
  );
}

/** The report's checks by id. */
export function byId(report: ValidationReport): Map<string, ValidationReport['checks'][number]> {
  return new Map(report.checks.map((check) => [check.id, check]));
}

/** Ids of the failed checks. */
export function failedIds(report: ValidationReport): string[] {
  return report.checks.filter((check) => check.status === 'fail').map((check) => check.id);
}
