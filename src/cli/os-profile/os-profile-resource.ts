import type { CertificateSummary } from '../../core/certificates/index.js';

/** One decoded certificate of a profile, as orchd reports it in `tlsCaCertInfo` (core's summary). */
export type CertificateInfo = CertificateSummary;

/**
 * An OS profile as orchd's API returns it (EMF's OperatingSystemResource plus edge-orch's
 * fields). The CLI prints it unchanged with `-o json|yaml`, so scripts see the API's shape.
 */
export interface OsProfileResource {
  readonly resourceId: string;
  readonly name: string;
  readonly profileName: string;
  readonly imageUrl: string;
  readonly imageId: string;
  readonly sha256: string;
  readonly osType: string;
  readonly osProvider: string;
  readonly securityFeature: string;
  readonly osFamily: string;
  readonly architecture: string;
  readonly description: string;
  readonly tlsCaCert: string;
  readonly tlsCaCertInfo: readonly CertificateInfo[];
  readonly metadata: string;
  readonly source: string;
  readonly installedPackages: string;
  readonly existingCves: string;
  readonly fixedCves: string;
  readonly platformBundle: string;
  /** EMF's fields (absent from servers that predate them). */
  readonly installedPackagesUrl?: string;
  readonly existingCvesUrl?: string;
  readonly fixedCvesUrl?: string;
  readonly repoUrl?: string;
  readonly profileVersion?: string;
  readonly osResourceID?: string;
  readonly validation?: { readonly state: string };
  readonly timestamps: { readonly createdAt: string; readonly updatedAt: string };
}

/** EMF's list envelope. */
export interface OsProfileListPage {
  readonly OperatingSystemResources: readonly OsProfileResource[];
  readonly totalElements: number;
  readonly hasNext: boolean;
}
