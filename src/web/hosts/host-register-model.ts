import { isOrchError } from '../../core/errors/index.js';
import { checkRegistration, parseHostMetadata } from '../../core/host/host-rules.js';
import { ApiError } from '../api/api-error.js';
import type { InstanceBody, RegisterHostBody } from '../api/api-types.js';

/** The register form's values, as typed. */
export interface RegisterFormValues {
  name: string;
  serialNumber: string;
  uuid: string;
  /** The OS profile's resourceId. */
  osProfile: string;
  /** A site's resourceId, or ''. */
  site: string;
  /** EMF's metadata text, `key=value&key2=value2`, or ''. */
  metadata: string;
  /** Secure Boot and full disk encryption (EMF's CSV `Secure`). */
  secure: boolean;
  /** false: the host waits for Approve after it onboards. */
  autoOnboard: boolean;
  userLvmSize: string;
  sshKey: string;
  cloudInit: string;
}

export const EMPTY_REGISTER_FORM: RegisterFormValues = {
  name: '',
  serialNumber: '',
  uuid: '',
  osProfile: '',
  site: '',
  metadata: '',
  secure: false,
  autoOnboard: true,
  userLvmSize: '',
  sshKey: '',
  cloudInit: '',
};

/** Problems by form field. */
export type RegisterIssues = Partial<Record<keyof RegisterFormValues, string>>;

/** Register field names of core's errors → the form's fields. */
const FIELD: Record<string, keyof RegisterFormValues> = {
  name: 'name',
  serialNumber: 'serialNumber',
  uuid: 'uuid',
  userLvmSize: 'userLvmSize',
  metadata: 'metadata',
};

/** The register body the form stands for (what orch-cli sends: autoOnboard as chosen). */
export function registerBody(values: RegisterFormValues): RegisterHostBody {
  const lvm = values.userLvmSize.trim();
  return {
    ...(values.name.trim() ? { name: values.name.trim() } : {}),
    ...(values.serialNumber.trim() ? { serialNumber: values.serialNumber.trim() } : {}),
    ...(values.uuid.trim() ? { uuid: values.uuid.trim() } : {}),
    autoOnboard: values.autoOnboard,
    ...(lvm ? { userLvmSize: Number(lvm) } : {}),
  };
}

/**
 * Core's register rules, run in the browser before anything is sent (the same functions orchd
 * and orch-cli run, so the messages are theirs word for word), plus the profile being chosen.
 */
export function registerIssues(values: RegisterFormValues): RegisterIssues {
  const issues: RegisterIssues = {};
  try {
    checkRegistration(registerBody(values));
  } catch (error) {
    if (!isOrchError(error)) throw error;
    const field = (error.details as { field?: string } | undefined)?.field ?? 'uuid';
    issues[FIELD[field] ?? 'uuid'] = error.message;
  }
  try {
    parseHostMetadata(values.metadata);
  } catch (error) {
    if (!isOrchError(error)) throw error;
    issues.metadata = error.message;
  }
  if (!values.osProfile) issues.osProfile = 'choose the OS profile the host is to run';
  return issues;
}

/** The instance body: the profile, Secure as EMF maps it, the SSH key and cloud-init. */
export function instanceBody(hostId: string, values: RegisterFormValues): InstanceBody {
  const key = values.sshKey.trim();
  const cloudInit = values.cloudInit.trim();
  return {
    hostID: hostId,
    osID: values.osProfile,
    securityFeature: values.secure
      ? 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION'
      : 'SECURITY_FEATURE_NONE',
    ...(key ? { sshKeys: [key] } : {}),
    ...(cloudInit ? { customCloudInit: `${cloudInit}\n` } : {}),
  };
}

/** The steps of a registration, in orch-cli's order; each can fail with orchd's answer. */
export interface RegisterSteps {
  register(body: RegisterHostBody): Promise<{ resourceId: string }>;
  /** This project's hosts matching an AIP-160 filter (the first page is enough: one machine is one host). */
  findHosts(filter: string): Promise<readonly { resourceId: string; instance?: unknown }[]>;
  createInstance(body: InstanceBody): Promise<unknown>;
  /** PATCH of the host's name, site and metadata, with the fieldMask naming the given ones. */
  place(
    hostId: string,
    change: { name?: string; siteId?: string; metadata?: { key: string; value: string }[] },
  ): Promise<unknown>;
}

/** An AIP-160 string literal. */
const literal = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** The filter orch-cli looks a registered machine up by: `serialNumber='S' AND uuid='U'` (the given ones). */
export function sameMachineFilter(values: Pick<RegisterFormValues, 'serialNumber' | 'uuid'>): string {
  return [
    values.serialNumber.trim() ? `serialNumber=${literal(values.serialNumber.trim())}` : '',
    values.uuid.trim() ? `uuid=${literal(values.uuid.trim())}` : '',
  ]
    .filter(Boolean)
    .join(' AND ');
}

/** Where a registration stopped: the host (when it was registered) and the failed step. */
export type RegisterOutcome =
  | {
      readonly ok: true;
      readonly hostId: string;
      /** The machine was registered before (orchd's FailedPrecondition); its instance was created now. */
      readonly alreadyRegistered: boolean;
    }
  | {
      readonly ok: false;
      readonly hostId: string | undefined;
      readonly step: string;
      readonly error: unknown;
    };

/**
 * Registers the host, creates its instance (the profile it runs), then sets its site and metadata: orch-cli's
 * `create host` order. A failure after the registration names the host, which stays registered.
 * When orchd refuses the register with FailedPrecondition (the machine is registered already),
 * the host is looked up by serial number and UUID as orch-cli does and, when it has no instance
 * yet, the registration goes on with it (its name is then set with the site and metadata); one
 * that has an instance keeps orchd's refusal and is named.
 */
export async function runRegistration(
  values: RegisterFormValues,
  steps: RegisterSteps,
): Promise<RegisterOutcome> {
  let hostId: string | undefined;
  let alreadyRegistered = false;
  try {
    hostId = (await steps.register(registerBody(values))).resourceId;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'FailedPrecondition') {
      return { ok: false, hostId, step: 'register', error };
    }
    let found: { resourceId: string; instance?: unknown } | undefined;
    try {
      found = (await steps.findHosts(sameMachineFilter(values)))[0];
    } catch {
      // The lookup failing leaves orchd's refusal as the answer.
    }
    if (!found || found.instance) {
      return { ok: false, hostId: found?.resourceId, step: 'register', error };
    }
    hostId = found.resourceId;
    alreadyRegistered = true;
  }
  try {
    await steps.createInstance(instanceBody(hostId, values));
  } catch (error) {
    return { ok: false, hostId, step: 'instance', error };
  }
  const metadata = parseHostMetadata(values.metadata);
  const name = alreadyRegistered ? values.name.trim() : '';
  if (name || values.site || metadata.length > 0) {
    try {
      await steps.place(hostId, {
        ...(name ? { name } : {}),
        ...(values.site ? { siteId: values.site } : {}),
        ...(metadata.length > 0 ? { metadata } : {}),
      });
    } catch (error) {
      return { ok: false, hostId, step: 'site', error };
    }
  }
  return { ok: true, hostId, alreadyRegistered };
}
