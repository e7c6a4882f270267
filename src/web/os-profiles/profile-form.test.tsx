import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { applyProfileCreateRules } from '../../core/os-profile/index.js';
import { ApiError } from '../api/api-error.js';
import { ProfileForm } from './profile-form.js';

const SHA = 'b9b65a7e045ca262ad614cbedeaa1bf34b9325d76f856e85e17b68984e7a4314';
const NOW = new Date('2027-06-01T00:00:00Z');
/** Self-signed P-256, CN=images.example.test, valid 2026-12-04 to 2036-12-01 (the form's clock is NOW). */
const CERT = `-----BEGIN CERTIFICATE-----
MIIBkjCCATegAwIBAgIUYAYCP3LoOAnDA0Nj+3z29fksdogwCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTaW1hZ2VzLmV4YW1wbGUudGVzdDAeFw0yNjEyMDQyMTI5MTda
Fw0zNjEyMDEyMTI5MTdaMB4xHDAaBgNVBAMME2ltYWdlcy5leGFtcGxlLnRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATCxe8gxn5CzQrBU5PxpY3gJv5O3snf
AgoyYTO9oxwVXaZ8jMh4FvaAlHeOs7mPvMBfyXX22INsm3Oq/dT/W7xOo1MwUTAd
BgNVHQ4EFgQUzGZgYG2GomQPftZqpjEprgI83OIwHwYDVR0jBBgwFoAUzGZgYG2G
omQPftZqpjEprgI83OIwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBG
AiEA1681+EaEtXj3XMJjCvihWYFN32e5SVLTM48DePX4HzgCIQCnb+lswwDHMb3o
WjBMuf2sjgoYelfTMNOaURlii9Jolg==
-----END CERTIFICATE-----
`;

function renderForm(onSubmit: (body: Record<string, unknown>) => Promise<void>, now = () => NOW) {
  render(
    <MantineProvider>
      <ProfileForm onSubmit={onSubmit} onCancel={() => undefined} now={now} />
    </MantineProvider>,
  );
  const user = userEvent.setup({ delay: null });
  // Typed text arrives as one change event (typing key by key only slows the test down).
  const fill = async (label: RegExp, value: string) => {
    fireEvent.change(screen.getByRole('textbox', { name: label }), { target: { value } });
  };
  return { user, fill };
}

async function fillRequired(fill: (label: RegExp, value: string) => Promise<void>, imageUrl: string) {
  await fill(/^Name/, 'Ubuntu custom');
  await fill(/^Profile name/, 'ubuntu-22.04-lts-custom');
  await fill(/^Image URL/, imageUrl);
  await fill(/^OS version/, '22.04.5');
  await fill(/^SHA-256/, SHA);
}

/** core's message for one field of a body, the text orchd and orch-cli print. */
async function coreMessage(body: Record<string, unknown>, field: string, now = NOW): Promise<string> {
  const result = await applyProfileCreateRules(body, { releaseServiceUrl: 'https://rs.test', now });
  if (result.ok) throw new Error('expected the rules to refuse the body');
  return result.issues.find((issue) => issue.field === field)!.message;
}

describe('OS profile create form', () => {
  test("refuses an http:// image URL with core's message, before anything is sent", async () => {
    const onSubmit = vi.fn(async () => undefined);
    const { user, fill } = renderForm(onSubmit);
    await fillRequired(fill, 'http://images.example.test/jammy.img');
    await user.click(screen.getByRole('button', { name: 'Create profile' }));
    const expected = await coreMessage(
      { name: 'n', profileName: 'ubuntu-x', imageUrl: 'http://images.example.test/jammy.img', imageId: '1', sha256: SHA, osType: 'MUTABLE' },
      'imageUrl',
    ); // prettier-ignore
    const input = screen.getByRole('textbox', { name: /^Image URL/ });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(await screen.findByText(expected)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test('lists every broken rule, each on its field (empty form)', async () => {
    const onSubmit = vi.fn(async () => undefined);
    const { user } = renderForm(onSubmit);
    await user.click(screen.getByRole('button', { name: 'Create profile' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toMatch(/5 field\(s\) below say what is wrong/);
    for (const label of [/^Name/, /^Profile name/, /^Image URL/, /^OS version/, /^SHA-256/]) {
      expect(screen.getByRole('textbox', { name: label }).getAttribute('aria-invalid')).toBe('true');
    }
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test('an expired pasted certificate is refused with its subject and dates', async () => {
    const later = new Date('2040-01-01T00:00:00Z');
    const onSubmit = vi.fn(async () => undefined);
    const { user, fill } = renderForm(onSubmit, () => later);
    await fillRequired(fill, 'https://images.example.test/jammy.img');
    await fill(/^TLS certificate/, CERT);
    await user.click(screen.getByRole('button', { name: 'Create profile' }));
    const expected = await coreMessage(
      { name: 'n', profileName: 'ubuntu-x', imageUrl: 'https://i.test/x', imageId: '1', sha256: SHA, osType: 'MUTABLE', tlsCaCert: CERT },
      'tlsCaCert',
      later,
    ); // prettier-ignore
    expect(expected).toMatch(/CN=images\.example\.test/);
    expect(await screen.findByText(expected)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test('sends the body with the pasted certificate and the chosen options', async () => {
    const onSubmit = vi.fn(async (_body: Record<string, unknown>) => undefined);
    const { user, fill } = renderForm(onSubmit);
    await fillRequired(fill, 'https://images.example.test/jammy.img');
    await fill(/^TLS certificate/, CERT);
    await fill(/^Description/, 'built in house');
    await user.click(screen.getByRole('button', { name: 'Create profile' }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toEqual({
      name: 'Ubuntu custom',
      profileName: 'ubuntu-22.04-lts-custom',
      imageUrl: 'https://images.example.test/jammy.img',
      imageId: '22.04.5',
      sha256: SHA,
      osType: 'MUTABLE',
      osProvider: 'INFRA',
      securityFeature: 'NONE',
      architecture: 'x86_64',
      description: 'built in house',
      tlsCaCert: CERT,
    });
  });

  test("orchd's refusal is shown: issues on their fields, other errors in the summary", async () => {
    const conflict = new ApiError(409, {
      code: 'AlreadyExists',
      message: 'an OS profile named "Ubuntu custom" already exists (os-1a2b3c4d)',
    });
    const onSubmit = vi.fn(async () => {
      throw conflict;
    });
    const { user, fill } = renderForm(onSubmit);
    await fillRequired(fill, 'https://images.example.test/jammy.img');
    await user.click(screen.getByRole('button', { name: 'Create profile' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(conflict.message)).toBeTruthy();
  });
});
