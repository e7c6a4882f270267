import { describe, expect, test } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { isOrchError } from '../../core/errors/index.js';
import { checkRegistration } from '../../core/host/host-rules.js';
import { fakeOrchd, json, memoryStorage, renderConsole, SIGNED_IN } from '../testing/render-console.js';
import { hostWith } from '../testing/host-fixtures.js';
import { ApiError } from '../api/api-error.js';
import {
  EMPTY_REGISTER_FORM,
  instanceBody,
  registerIssues,
  runRegistration,
  sameMachineFilter,
} from './host-register-model.js';
import { HostRegisterPage } from './host-register-page.js';

/** core's message for a register body: the words orchd and orch-cli print. */
function coreMessage(body: Parameters<typeof checkRegistration>[0]): string {
  try {
    checkRegistration(body);
  } catch (error) {
    if (isOrchError(error)) return error.message;
  }
  throw new Error('expected a refusal');
}

const PROFILES = {
  OperatingSystemResources: [
    { resourceId: 'os-0000000a', name: 'Ubuntu 22.04', securityFeature: 'SECURITY_FEATURE_NONE', source: 'default', validation: { state: 'passed' } },
  ],
  totalElements: 1,
  hasNext: false,
}; // prettier-ignore
const SITES = { sites: [{ resourceId: 'site-0000000b', name: 'lab' }], totalElements: 1, hasNext: false };

describe('register model', () => {
  test("core's rules give the form orchd's messages, on the field they concern", () => {
    expect(registerIssues({ ...EMPTY_REGISTER_FORM, osProfile: 'os-1' })).toEqual({
      uuid: coreMessage({}),
    });
    expect(registerIssues({ ...EMPTY_REGISTER_FORM, serialNumber: 'ab' }).serialNumber).toBe(
      coreMessage({ serialNumber: 'ab' }),
    );
    expect(registerIssues({ ...EMPTY_REGISTER_FORM, uuid: 'nope', osProfile: 'x' }).uuid).toBe(
      coreMessage({ uuid: 'nope' }),
    );
    expect(registerIssues({ ...EMPTY_REGISTER_FORM, serialNumber: 'SN12345', userLvmSize: '1.5' })).toEqual({
      userLvmSize: coreMessage({ serialNumber: 'SN12345', userLvmSize: 1.5 }),
      osProfile: 'choose the OS profile the host is to run',
    });
  });

  test('Secure maps to SB_FDE; the SSH key and cloud-init go with the instance', () => {
    const body = instanceBody('host-1', {
      ...EMPTY_REGISTER_FORM,
      osProfile: 'os-1',
      secure: true,
      sshKey: ' ssh-ed25519 AAAA me ',
      cloudInit: '#cloud-config\nruncmd: [true]',
    });
    expect(body).toEqual({
      hostID: 'host-1',
      osID: 'os-1',
      securityFeature: 'SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION',
      sshKeys: ['ssh-ed25519 AAAA me'],
      customCloudInit: '#cloud-config\nruncmd: [true]\n',
    });
  });

  test('a failure after the registration names the host and the step', async () => {
    const outcome = await runRegistration(
      { ...EMPTY_REGISTER_FORM, serialNumber: 'SN12345', osProfile: 'os-1' },
      {
        register: () => Promise.resolve({ resourceId: 'host-7' }),
        findHosts: () => Promise.reject(new Error('not asked')),
        createInstance: () => Promise.reject(new Error('OS Profile and Security feature mismatch')),
        place: () => Promise.resolve(),
      },
    );
    expect(outcome).toMatchObject({ ok: false, hostId: 'host-7', step: 'instance' });
  });

  test('an already registered machine: looked up by serial AND uuid as orch-cli does, and given its instance when it has none', async () => {
    const refused = new ApiError(409, {
      code: 'FailedPrecondition',
      message: 'a host with uuid 4c4c4544-0035-5210-8036-000000000001 is already registered: host-8 (old)',
    });
    const calls: string[] = [];
    const values = {
      ...EMPTY_REGISTER_FORM,
      name: 'edge-8',
      serialNumber: 'SN12345',
      uuid: '4c4c4544-0035-5210-8036-000000000001',
      osProfile: 'os-1',
      site: 'site-1',
    };
    const steps = (instance: unknown) => ({
      register: () => Promise.reject(refused),
      findHosts: (filter: string) => {
        calls.push(`find ${filter}`);
        return Promise.resolve([{ resourceId: 'host-8', instance }]);
      },
      createInstance: (body: { hostID: string }) => {
        calls.push(`instance ${body.hostID}`);
        return Promise.resolve();
      },
      place: (hostId: string, change: object) => {
        calls.push(`place ${hostId} ${JSON.stringify(change)}`);
        return Promise.resolve();
      },
    });
    expect(await runRegistration(values, steps(null))).toEqual({
      ok: true,
      hostId: 'host-8',
      alreadyRegistered: true,
    });
    expect(calls).toEqual([
      "find serialNumber='SN12345' AND uuid='4c4c4544-0035-5210-8036-000000000001'",
      'instance host-8',
      'place host-8 {"name":"edge-8","siteId":"site-1"}',
    ]);
    calls.length = 0;
    // It has an instance already: orchd's refusal stands, naming the host; nothing is created.
    expect(await runRegistration(values, steps({ resourceId: 'inst-1' }))).toEqual({
      ok: false,
      hostId: 'host-8',
      step: 'register',
      error: refused,
    });
    expect(calls).toHaveLength(1);
    // Another refusal (a bad body) is not looked up.
    calls.length = 0;
    const other = new ApiError(400, { code: 'InvalidArgument', message: 'bad' });
    const outcome = await runRegistration(values, { ...steps(null), register: () => Promise.reject(other) });
    expect(outcome).toMatchObject({ ok: false, hostId: undefined, step: 'register', error: other });
    expect(calls).toEqual([]);
    expect(sameMachineFilter({ serialNumber: ' SN12345 ', uuid: '' })).toBe("serialNumber='SN12345'");
  });
});

describe('register page', () => {
  test('a bad serial is refused in the browser with core words; nothing is sent', async () => {
    const orchd = fakeOrchd({
      'GET /v1/projects/default/compute/os': () => json(200, PROFILES),
      'GET /v1/projects/default/regions/-/sites': () => json(200, SITES),
    });
    renderConsole(<HostRegisterPage project="default" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    fireEvent.change(screen.getByRole('textbox', { name: /^Serial number/ }), { target: { value: 'a-b' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(await screen.findByText(coreMessage({ serialNumber: 'a-b' }))).toBeTruthy();
    expect(orchd.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  test('registers, creates the instance, sets the site, in that order', async () => {
    const bodies: [string, unknown][] = [];
    const record = async (request: Request, answer: unknown) => {
      bodies.push([
        `${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`,
        await request.json(),
      ]);
      return json(200, answer);
    };
    const orchd = fakeOrchd({
      'GET /v1/projects/default/compute/os': () => json(200, PROFILES),
      'GET /v1/projects/default/regions/-/sites': () => json(200, SITES),
      'POST /v1/projects/default/compute/hosts/register': (r) => record(r, hostWith('host-0000000c', null)),
      'POST /v1/projects/default/compute/instances': (r) => record(r, {}),
      'PATCH /v1/projects/default/compute/hosts/host-0000000c': (r) =>
        record(r, hostWith('host-0000000c', null)),
    });
    renderConsole(<HostRegisterPage project="default" />, {
      fetch: orchd.fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    fireEvent.change(screen.getByRole('textbox', { name: /^Name/ }), { target: { value: 'edge-1' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Serial number/ }), {
      target: { value: 'SN12345' },
    });
    await screen.findByPlaceholderText('Choose a profile');
    await waitFor(() => expect(orchd.requests.filter((r) => r.url.includes('/sites'))).toHaveLength(1));
    fireEvent.click(await screen.findByRole('textbox', { name: /^OS profile/ }));
    fireEvent.click(await screen.findByRole('option', { name: /Ubuntu 22.04/, hidden: true }));
    fireEvent.click(screen.getByRole('textbox', { name: /^Site/ }));
    fireEvent.click(await screen.findByRole('option', { name: /lab/, hidden: true }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Onboard automatically/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(bodies).toHaveLength(3));
    expect(bodies).toEqual([
      ['POST /v1/projects/default/compute/hosts/register', { name: 'edge-1', serialNumber: 'SN12345', autoOnboard: false }],
      ['POST /v1/projects/default/compute/instances', { hostID: 'host-0000000c', osID: 'os-0000000a', securityFeature: 'SECURITY_FEATURE_NONE' }],
      ['PATCH /v1/projects/default/compute/hosts/host-0000000c?fieldMask=siteId', { siteId: 'site-0000000b' }],
    ]); // prettier-ignore
    await waitFor(() => expect(window.location.pathname).toBe('/projects/default/hosts/host-0000000c'));
  });
});
