import { OrchError } from '../../core/errors/index.js';
import type { OsProfileFields } from '../../core/os-profile/os-profile-types.js';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.js';

/** How many hosts a FailedPrecondition message names; `details.hosts` carries them all. */
const HOSTS_IN_MESSAGE = 10;

/**
 * The AlreadyExists for a create or rename that hit a unique constraint, naming the profile it
 * collided with. Looked up after the violation (the constraint name differs per engine); the name
 * rule is reported first when both match. (An id collision never gets here: the store retries it.)
 */
export async function duplicateProfileError(
  db: Kysely<Database>,
  project: string,
  resourceId: string,
  fields: Pick<OsProfileFields, 'name'> & Partial<Pick<OsProfileFields, 'profileName' | 'imageId'>>,
): Promise<OrchError> {
  const byName = await db
    .selectFrom('os_profiles')
    .select(['resource_id', 'name'])
    .where('project', '=', project)
    .where('name', '=', fields.name)
    .executeTakeFirst();
  if (byName) {
    return new OrchError(
      'AlreadyExists',
      `OS profile "${byName.name}" already exists (${byName.resource_id})`,
      {
        details: { field: 'name', resourceId: byName.resource_id, name: byName.name },
      },
    );
  }
  if (fields.profileName === undefined || fields.imageId === undefined) return unexplained(resourceId);
  const byImage = await db
    .selectFrom('os_profiles')
    .select(['resource_id', 'name'])
    .where('project', '=', project)
    .where('profile_name', '=', fields.profileName)
    .where('image_id', '=', fields.imageId)
    .executeTakeFirst();
  if (byImage) {
    return new OrchError(
      'AlreadyExists',
      `an OS profile with profileName "${fields.profileName}" and imageId "${fields.imageId}" already exists: "${byImage.name}" (${byImage.resource_id})`,
      { details: { field: 'profileName+imageId', resourceId: byImage.resource_id, name: byImage.name } },
    );
  }
  return unexplained(resourceId);
}

/** Neither business key matched: the row that held it went away before the look-up. */
function unexplained(resourceId: string): OrchError {
  return new OrchError('AlreadyExists', `a conflicting OS profile existed when ${resourceId} was written`, {
    details: { resourceId },
  });
}

/** A host that runs an instance of a profile. */
export interface HostUsingProfile {
  readonly resourceId: string;
  readonly name: string;
}

/** Hosts whose instances use the profile, by host id; the delete guard's query. */
export async function hostsUsingProfile(
  db: Kysely<Database>,
  project: string,
  resourceId: string,
): Promise<HostUsingProfile[]> {
  const rows = await db
    .selectFrom('instances')
    .innerJoin('hosts', (join) =>
      join
        .onRef('hosts.project', '=', 'instances.project')
        .onRef('hosts.resource_id', '=', 'instances.host_id'),
    )
    .select(['hosts.resource_id as resourceId', 'hosts.name as name'])
    .where('instances.project', '=', project)
    .where('instances.os_id', '=', resourceId)
    .distinct()
    .orderBy('hosts.resource_id')
    .execute();
  return rows;
}

/** The FailedPrecondition refusing to delete a profile in use, listing the hosts. */
export function profileInUseError(
  profile: { readonly name: string; readonly resourceId: string },
  hosts: readonly HostUsingProfile[],
): OrchError {
  const named = hosts
    .slice(0, HOSTS_IN_MESSAGE)
    .map((host) => (host.name ? `${host.resourceId} (${host.name})` : host.resourceId));
  const more = hosts.length > HOSTS_IN_MESSAGE ? ` and ${hosts.length - HOSTS_IN_MESSAGE} more` : '';
  const noun = hosts.length === 1 ? 'host' : 'hosts';
  if (hosts.length === 0) {
    // The database refused the delete but the instance went away before we could name its host.
    return new OrchError(
      'FailedPrecondition',
      `OS profile "${profile.name}" (${profile.resourceId}) is in use by an instance`,
      {
        details: { hosts: [] },
      },
    );
  }
  return new OrchError(
    'FailedPrecondition',
    `OS profile "${profile.name}" (${profile.resourceId}) is used by ${hosts.length} ${noun}: ${named.join(', ')}${more}`,
    { details: { hosts: hosts.map((host) => ({ ...host })) } },
  );
}
