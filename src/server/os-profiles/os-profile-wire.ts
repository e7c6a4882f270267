import { encodeCertificateForWire, summarizeCertificates } from '../../core/certificates/index.js';
import type { CertificateSummary } from '../../core/certificates/index.js';
import type { OsProfile } from '../../core/os-profile/os-profile-types.js';
import type { OsProfileResource } from '../../api/os-profile-schemas.js';

/** Summaries kept per app; a project rarely has more distinct certificates than this. */
const SUMMARY_CACHE_SIZE = 64;

/** A profile as the API returns it: src/api's OsProfileResource, the one declaration of the shape. */
export type OsProfileWireForm = OsProfileResource;

/** Turns stored profiles into their API form. Holds a small cache of certificate summaries. */
export interface OsProfileWire {
  toWire(profile: OsProfile): Promise<OsProfileWireForm>;
}

/**
 * The API form of a profile: every field of EMF's OperatingSystemResource, in its names and shapes
 * (`tlsCaCert` as base64 of the PEM, `metadata` as JSON text, `osResourceID` = `resourceId`, ''
 * for an unset text), plus edge-orch's `secureBootCerts` (like `tlsCaCert`), `tlsCaCertInfo`,
 * `osFamily`, `source` and `validation`.
 * Certificates are parsed once per distinct PEM (list pages repeat them), in a bounded cache.
 */
export function createOsProfileWire(): OsProfileWire {
  const cache = new Map<string, Promise<CertificateSummary[]>>();
  const summaries = (pem: string): Promise<CertificateSummary[]> => {
    const hit = cache.get(pem);
    if (hit) return hit;
    const fresh = summarizeCertificates(pem);
    if (cache.size >= SUMMARY_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(pem, fresh);
    return fresh;
  };
  return { toWire: async (profile) => shape(profile, await summaries(profile.tlsCaCert)) };
}

function shape(p: OsProfile, tlsCaCertInfo: CertificateSummary[]): OsProfileResource {
  return {
    resourceId: p.resourceId,
    name: p.name,
    profileName: p.profileName,
    imageUrl: p.imageUrl,
    imageId: p.imageId,
    sha256: p.sha256,
    osType: p.osType,
    osProvider: p.osProvider,
    securityFeature: p.securityFeature,
    osFamily: p.osFamily,
    architecture: p.architecture,
    description: p.description,
    tlsCaCert: encodeCertificateForWire(p.tlsCaCert),
    tlsCaCertInfo,
    secureBootCerts: p.secureBootCerts ? encodeCertificateForWire(p.secureBootCerts) : '',
    secureBootDbx: p.secureBootDbx ?? '',
    secureBootMokCerts: p.secureBootMokCerts ? encodeCertificateForWire(p.secureBootMokCerts) : '',
    sbatLevel: p.sbatLevel ?? '',
    metadata: Object.keys(p.metadata).length === 0 ? '' : JSON.stringify(p.metadata),
    source: p.source,
    installedPackages: p.installedPackages,
    existingCves: p.existingCves,
    fixedCves: p.fixedCves,
    platformBundle: p.platformBundle,
    installedPackagesUrl: p.installedPackagesUrl ?? '',
    existingCvesUrl: p.existingCvesUrl ?? '',
    fixedCvesUrl: p.fixedCvesUrl ?? '',
    repoUrl: p.repoUrl ?? '',
    profileVersion: p.profileVersion ?? '',
    // EMF's deprecated alias of resourceId: its orch-cli deletes by it.
    osResourceID: p.resourceId,
    // The store keeps it in step with the profile's latest validation job.
    validation: { state: p.validationState ?? 'pending' },
    timestamps: { createdAt: p.timestamps.createdAt, updatedAt: p.timestamps.updatedAt },
  };
}
