/**
 * EMF's orch-cli `create host --import-from-csv` replayed against orchd, request by request and
 * byte for byte, as its code sends them (open-edge-platform/orch-cli internal/cli/host.go
 * `doRegister`, `resolveOSProfile`, `resolveSite`, `registerHost`, `createInstance`,
 * `allocateHostToSiteAndAddMetadata`; generated client pkg/rest/infra; at
 * 445ae7162d0773f87bcc4e405c2ef9f57c96243e). Each answer is checked as that code reads it:
 * status (it accepts 200, 201, 204), the fields it dereferences, and the
 * `"code":"FailedPrecondition"` text by which it recognises a host registered before, after which
 * it looks the host up by serial and UUID and expects exactly one.
 *
 * Bodies are what Go's encoding/json writes for the generated structs: fields in the order the
 * structs declare them (oapi-codegen sorts by name), optional pointers left nil omitted, `name`
 * of the register body a pointer to the empty string (orch-cli's `hostname` default), so present.
 * Query strings are what url.Values.Encode writes (space as `+`, `'` and `=` escaped).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from '../support/server-backends.js';
import {
  startProvisioningFixture,
  newNode,
  type ProvisioningFixture,
} from '../provisioning/provisioning-fixture.js';
import { checkEmfShape, type EmfShape } from '../../support/emf-compat/emf-shape-check.js';
import {
  EMF_HOST_LIST,
  EMF_HOST_RESOURCE,
  EMF_INSTANCE_RESOURCE,
} from '../../support/emf-compat/emf-shapes.js';

const slots = await serverBackends('emfcsv');
const PROJECT = 'csv';
const P = `/v1/projects/${PROJECT}`;

/** Go's url.QueryEscape: unreserved bytes stay, space becomes `+`, everything else %XX. */
function goQueryEscape(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(char)) return char;
    if (char === ' ') return '+';
    return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** One CSV row as orch-cli reads it (the columns this flow uses). */
interface CsvRow {
  readonly serial: string;
  readonly uuid: string;
  readonly osProfile: string;
  readonly site: string;
  readonly secure: boolean;
  readonly metadata: string;
}

/** The fields of EMF's shapes only: orchd's additions are checked by the OS suite. */
function assertShape(body: unknown, shape: EmfShape): void {
  assert.deepEqual(checkEmfShape(body, shape).violations, [], JSON.stringify(body).slice(0, 400));
}

for (const slot of slots) {
  describe(`orch-cli create host from CSV, replayed on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let f: ProvisioningFixture;
    let token = '';
    let siteId = '';
    before(async () => {
      f = await startProvisioningFixture(await slot.backend!.open());
      assert.equal((await f.call('POST', '/v1/projects', { name: PROJECT })).statusCode, 201);
      token = await f.token(PROJECT, 'write');
      const region = (await f.call('POST', `${P}/regions`, { name: 'eu' })).json();
      siteId = (await f.call('POST', `${P}/regions/${region.resourceId}/sites`, { name: 'lab-1' })).json()
        .resourceId;
      assert.match(siteId, /^site-[0-9a-f]{8}$/, 'orch-cli gets a site by id only for this pattern');
    });
    after(async () => {
      await f?.close();
      await slot.backend?.dispose();
    });

    /** One request as Go's net/http client sends it: these headers, this URL, these bytes. */
    const send = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: string) =>
      f.app.inject({
        method,
        url,
        headers: {
          'user-agent': 'Go-http-client/1.1',
          authorization: `Bearer ${token}`,
          'accept-encoding': 'gzip',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: body }),
      });
    const accepted = (status: number) => [200, 201, 204].includes(status);

    /** `resolveOSProfile`: list by name or id, then an exact match on either. */
    const resolveProfile = async (profile: string) => {
      const filter = goQueryEscape(`name='${profile}' OR resourceId='${profile}'`);
      const res = await send('GET', `${P}/compute/os?filter=${filter}`);
      assert.ok(accepted(res.statusCode), res.body);
      const found = (
        res.json().OperatingSystemResources as { name: string; resourceId: string; securityFeature: string }[]
      ).find((os) => os.name === profile || os.resourceId === profile);
      assert.ok(found, `orch-cli finds "${profile}"`);
      return found;
    };

    /** `registerHost`: POST register; on FailedPrecondition, list by serial and UUID, expect one. */
    const registerHost = async (row: CsvRow) => {
      const body = `{"autoOnboard":true,"name":"","serialNumber":"${row.serial}","uuid":"${row.uuid}"}`;
      const res = await send('POST', `${P}/compute/hosts/register`, body);
      if (accepted(res.statusCode)) {
        assertShape(res.json(), EMF_HOST_RESOURCE);
        return { registered: 'now' as const, host: res.json() as { resourceId: string; instance: unknown } };
      }
      assert.ok(res.body.includes('"code":"FailedPrecondition"'), `${res.statusCode} ${res.body}`);
      const filter = goQueryEscape(`serialNumber='${row.serial}' AND uuid='${row.uuid}'`);
      const list = await send('GET', `${P}/compute/hosts?filter=${filter}`);
      assert.ok(accepted(list.statusCode), list.body);
      assertShape(list.json(), EMF_HOST_LIST);
      assert.equal(list.json().totalElements, 1, 'orch-cli refuses anything but exactly one');
      return {
        registered: 'before' as const,
        host: list.json().hosts[0] as { resourceId: string; instance: unknown },
      };
    };

    /** `doRegister` for one row, with provisioning enabled; returns the host id or orch-cli's row error. */
    const importRow = async (
      row: CsvRow,
    ): Promise<{ hostId?: string; error?: string; registered?: string }> => {
      const profile = await resolveProfile(row.osProfile);
      if (row.secure && profile.securityFeature !== 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION')
        return { error: 'OS Profile and Security feature mismatch' };
      const site = await send('GET', `${P}/regions/empty/sites/${row.site}`);
      assert.ok(accepted(site.statusCode), site.body);
      assert.equal(site.json().resourceId, row.site);
      const { registered, host } = await registerHost(row);
      const hostId = host.resourceId;
      assert.match(hostId, /^host-[0-9a-f]{8}$/);
      // `createInstance` runs only for a host without an instance; else the row fails.
      if (host.instance != null) return { hostId, registered, error: 'host already registered' };
      const securityFeature = row.secure ? profile.securityFeature : 'SECURITY_FEATURE_NONE';
      const instance = await send(
        'POST',
        `${P}/compute/instances`,
        `{"hostID":"${hostId}","kind":"INSTANCE_KIND_UNSPECIFIED","osID":"${profile.resourceId}","securityFeature":"${securityFeature}"}`,
      );
      assert.ok(accepted(instance.statusCode), instance.body);
      assertShape(instance.json(), EMF_INSTANCE_RESOURCE);
      // `allocateHostToSiteAndAddMetadata`: Key=Value pairs joined by &, the name defaults to the id.
      const metadata = row.metadata
        .split('&')
        .filter(Boolean)
        .map((pair) => {
          const [key, value] = pair.split('=');
          return `{"key":"${key}","value":"${value}"}`;
        });
      const patch = await send(
        'PATCH',
        `${P}/compute/hosts/${hostId}`,
        `{"metadata":[${metadata.join(',')}],"name":"${hostId}","siteId":"${row.site}"}`,
      );
      assert.ok(accepted(patch.statusCode), patch.body);
      return { hostId, registered };
    };

    /** A default mutable profile without Secure Boot (seeded in every project). */
    const mutableProfile = async () =>
      (
        await f.call(
          'GET',
          `${P}/compute/os?filter=${encodeURIComponent('securityFeature=NONE AND osType=MUTABLE')}`,
        )
      ).json().OperatingSystemResources[0] as { name: string; resourceId: string };

    test('a new host: profile by name, site by id, register 200, instance 200, PATCH name, site and metadata', async () => {
      const profile = await mutableProfile();
      const row: CsvRow = {
        ...csvNode(),
        osProfile: profile.name,
        site: siteId,
        secure: false,
        metadata: 'rack=r1&zone=a',
      };
      const result = await importRow(row);
      assert.deepEqual(Object.keys(result).sort(), ['hostId', 'registered']);
      assert.equal(result.registered, 'now');
      const host = (await f.call('GET', `${P}/compute/hosts/${result.hostId}`)).json();
      assertShape(host, EMF_HOST_RESOURCE);
      assert.equal(host.name, result.hostId);
      assert.equal(host.siteId, siteId);
      assert.equal(host.site?.resourceId, siteId);
      assert.deepEqual(host.metadata, [
        { key: 'rack', value: 'r1' },
        { key: 'zone', value: 'a' },
      ]);
      assert.equal(host.desiredState, 'HOST_STATE_ONBOARDED', 'autoOnboard true');
      assert.equal(host.instance.os.resourceId, profile.resourceId);
      assert.equal(host.instance.securityFeature, 'SECURITY_FEATURE_NONE');
    });

    test('the same CSV again: register answers 400 FailedPrecondition, the lookup finds the one host with its instance', async () => {
      const profile = await mutableProfile();
      // The profile by id this time (orch-cli's filter matches either).
      const row: CsvRow = {
        ...csvNode(),
        osProfile: profile.resourceId,
        site: siteId,
        secure: false,
        metadata: '',
      };
      const first = await importRow(row);
      assert.equal(first.error, undefined);
      const register = await send(
        'POST',
        `${P}/compute/hosts/register`,
        `{"autoOnboard":true,"name":"","serialNumber":"${row.serial}","uuid":"${row.uuid}"}`,
      );
      assert.equal(register.statusCode, 400, register.body);
      assert.equal(register.json().code, 'FailedPrecondition');
      const again = await importRow(row);
      assert.deepEqual(again, {
        hostId: first.hostId,
        registered: 'before',
        error: 'host already registered',
      });
    });

    test('Secure=true: an SB_FDE profile gives an SB_FDE instance; a NONE profile stops the row before any write', async () => {
      const listed = (await f.call('GET', `${P}/compute/os?pageSize=100`)).json()
        .OperatingSystemResources as {
        name: string;
        securityFeature: string;
      }[];
      const fde = listed.find(
        (os) => os.securityFeature === 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
      );
      const none = listed.find((os) => os.securityFeature === 'SECURITY_FEATURE_NONE');
      assert.ok(fde && none, 'the defaults hold both kinds');
      const secure = await importRow({
        ...csvNode(),
        osProfile: fde.name,
        site: siteId,
        secure: true,
        metadata: '',
      });
      assert.equal(secure.error, undefined);
      const host = (await f.call('GET', `${P}/compute/hosts/${secure.hostId}`)).json();
      assert.equal(host.instance.securityFeature, 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION');
      const before = (await f.call('GET', `${P}/compute/hosts`)).json().totalElements;
      const refused = await importRow({
        ...csvNode(),
        osProfile: none.name,
        site: siteId,
        secure: true,
        metadata: '',
      });
      assert.deepEqual(refused, { error: 'OS Profile and Security feature mismatch' });
      assert.equal((await f.call('GET', `${P}/compute/hosts`)).json().totalElements, before);
    });
  });
}

/** A fresh machine in the CSV's columns. */
function csvNode(): { serial: string; uuid: string } {
  const node = newNode();
  return { serial: node.serialNumber, uuid: node.uuid };
}
