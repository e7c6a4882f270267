import { describe, expect, test } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { isOrchError } from '../../core/errors/index.js';
import { parseOsProfileManifest } from '../../core/os-profile/emf-manifest.js';
import { fakeOrchd, memoryStorage, renderConsole, SIGNED_IN } from '../testing/render-console.js';
import { ProfileCreatePage } from './profile-create-page.js';
import { prefillFromManifest } from './profile-manifest.js';

const MANIFEST = `appVersion: apps/v1
metadata: {release: 0.0.0-dev, version: 0.2.0}
spec:
  name: Ubuntu custom
  type: OPERATING_SYSTEM_TYPE_IMMUTABLE
  provider: OPERATING_SYSTEM_PROVIDER_INFRA
  architecture: x86_64
  profileName: ubuntu-22.04-lts-custom
  osImageUrl: https://images.example.test/jammy.img
  osImageVersion: 22.04.5
  osImageSha256: b9b65a7e045ca262ad614cbedeaa1bf34b9325d76f856e85e17b68984e7a4314
  securityFeature: SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION
  osExistingCvesURL: https://images.example.test/cves.json
  metadata:
    kernelversion: "6.8"
`;

const coreMessage = (text: string) => {
  try {
    parseOsProfileManifest(text, 'the manifest');
  } catch (error) {
    if (isOrchError(error)) return error.message;
  }
  throw new Error('expected a refusal');
};

describe('EMF manifest prefill', () => {
  test("core's reader fills the form: short enum words, metadata as JSON, other fields kept aside", () => {
    const read = prefillFromManifest(MANIFEST, 'm.yaml');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.values).toMatchObject({
      name: 'Ubuntu custom',
      osType: 'IMMUTABLE',
      osProvider: 'INFRA',
      securityFeature: 'SB_FDE',
      imageId: '22.04.5',
      imageUrl: 'https://images.example.test/jammy.img',
      metadata: '{"kernelversion":"6.8"}',
    });
    expect(read.extra).toEqual({
      existingCvesUrl: 'https://images.example.test/cves.json',
      repoUrl: 'https://images.example.test/jammy.img',
    });
  });

  test("a refused manifest says core's words, the ones orch-cli prints", () => {
    const bad = `${MANIFEST}  colour: red\n`;
    expect(prefillFromManifest(bad, 'the manifest')).toEqual({ ok: false, message: coreMessage(bad) });
  });

  test('pasting a manifest prefills the create form', async () => {
    renderConsole(<ProfileCreatePage project="default" />, {
      fetch: fakeOrchd({}).fetch,
      storage: memoryStorage(SIGNED_IN),
    });
    fireEvent.change(screen.getByRole('textbox', { name: /^Manifest/ }), { target: { value: MANIFEST } });
    fireEvent.click(screen.getByRole('button', { name: 'Prefill the form' }));
    const name = await screen.findByDisplayValue('Ubuntu custom');
    expect(name.getAttribute('name')).toBe('name');
    expect(screen.getByDisplayValue('22.04.5')).toBeTruthy();
    expect(screen.getByText('Also sent from the manifest: existingCvesUrl, repoUrl.')).toBeTruthy();
  });
});
