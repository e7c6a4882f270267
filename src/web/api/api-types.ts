/**
 * @module
 * The wire shapes the console reads and sends: the static types of the API contract (src/api),
 * imported as types only, so a change of the API is a type error here rather than a blank field
 * in the browser, and nothing of TypeBox reaches the bundle.
 */
import type {
  CertificateInfo,
  CheckResult,
  ConsoleConfig,
  DriverCheckResult,
  ErrorBody,
  HostImportCheckInput,
  HostImportCheckResult,
  HostImportRow,
  HostImportRowResult,
  ImageFacts,
  OsProfileList,
  OsProfileResource,
  ProgressEvent,
  ProjectList,
  ValidationView,
  WhoAmI,
} from '../../api/index.js';
import type { Static } from 'typebox';
import type {
  HostList as HostListSchema,
  HostResource,
  InstanceList,
  InstanceResource,
  ProvisioningView,
  SiteResource,
} from '../../api/host-schemas.js';

export type { CheckResult, ConsoleConfig, ImageFacts, ProjectList, WhoAmI };
export type { HostImportCheckInput, HostImportCheckResult, HostImportRow, HostImportRowResult };
export type OsProfile = OsProfileResource;
export type OsProfilePage = OsProfileList;
export type CertificateSummary = CertificateInfo;
/** Progress of a validation run: the stage being run and the byte counters. */
export type ValidationProgress = ProgressEvent;
/** A profile's validation (GET …/validation and the stream's `validation` events). */
export type Validation = ValidationView;
/** The report of a finished run. */
export type ValidationReport = NonNullable<ValidationView['report']>;
/** The driver check of a host against a profile, from stored facts (GET …/driver-check). */
export type DriverCheck = DriverCheckResult;
/** One PCI device of a driver check. */
export type DriverCheckDevice = DriverCheckResult['devices'][number];
/** orchd's error body. */
export type ApiErrorBody = ErrorBody;

/** One page request of a list. */
export interface ListQuery {
  readonly pageSize: number;
  readonly offset: number;
  readonly filter?: string;
  readonly orderBy?: string;
}

/** EMF's HostResource as orchd sends it. */
export type Host = Static<typeof HostResource>;
/** One page of hosts. */
export type HostPage = Static<typeof HostListSchema>;
/** EMF's InstanceResource (the OS profile a host runs and its provisioning words). */
export type Instance = Static<typeof InstanceResource>;
/** One page of instances. */
export type InstancePage = Static<typeof InstanceList>;
/** edge-orch's step-by-step provisioning view of an instance. */
export type Provisioning = Static<typeof ProvisioningView>;
/** One step of a provisioning attempt. */
export type ProvisioningStep = Provisioning['steps'][number];
export type Site = Static<typeof SiteResource>;
export interface SitePage {
  readonly sites: Site[];
  readonly totalElements: number;
  readonly hasNext: boolean;
}
/** The register body (`POST …/hosts/register`). */
export interface RegisterHostBody {
  name?: string;
  serialNumber?: string;
  uuid?: string;
  autoOnboard?: boolean;
  userLvmSize?: number;
}
/** The instance body (`POST …/instances`). */
export interface InstanceBody {
  hostID: string;
  osID: string;
  name?: string;
  securityFeature?: string;
  localAccountID?: string;
  sshKeys?: string[];
  customCloudInit?: string;
}
