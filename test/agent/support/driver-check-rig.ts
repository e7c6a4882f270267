import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  createProfileAndWait,
  startInProcessOrchd,
  type InProcessOrchd,
  type ValidationEnd,
} from '../../support/edge-node/orchd-for-nodes.js';
import { osImageFixtures, serveImages, tempDir, type ImageEnv } from './step-kit.js';

/** The image whose only kernel has igc, r8152 and a built-in nvme (variant `ubuntu-igc-only`). */
const IMAGE = 'igc-only.img.zst';

/** What the driver-check end-to-end tests share: a served image, an in-process orchd, a folder. */
export interface DriverCheckRig {
  readonly orchd: InProcessOrchd;
  readonly dir: string;
  api: InProcessOrchd['api'];
  /** A custom profile of the image, validated by the real validator (passed or warned). */
  validatedProfile(name: string): Promise<ValidationEnd>;
}

/** Sets the rig up before the calling file's tests and tears it down after them. */
export function useDriverCheckRig(prefix: string): DriverCheckRig {
  let env: ImageEnv | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  let orchd: InProcessOrchd | undefined;
  before(async () => {
    tmp = await tempDir(prefix);
    env = await serveImages([{ variant: 'ubuntu-igc-only', encoding: 'raw.zst', name: IMAGE }]);
    orchd = await startInProcessOrchd(tmp.dir);
  });
  after(async () => {
    await orchd?.close();
    await env?.close();
    await tmp?.dispose();
  });
  const ready = <T>(value: T | undefined): T => {
    assert.ok(value, 'the rig is set up in before()');
    return value;
  };
  return {
    get orchd() {
      return ready(orchd);
    },
    get dir() {
      return ready(tmp).dir;
    },
    api: (method, path, body) => ready(orchd).api(method, path, body),
    async validatedProfile(name) {
      const keys = await osImageFixtures().keys();
      const served = ready(env);
      const image = served.images[IMAGE]!;
      const validation = await createProfileAndWait(ready(orchd), {
        name,
        profileName: 'ubuntu-22.04-lts-generic',
        imageUrl: image.url,
        imageId: '22.04.5',
        sha256: image.sha256,
        osType: 'OS_TYPE_MUTABLE',
        securityFeature: 'SECURITY_FEATURE_NONE',
        tlsCaCert: served.caPem,
        secureBootCerts: keys.ca.cert,
      });
      assert.ok(['passed', 'warned'].includes(validation.state), JSON.stringify(validation));
      return validation;
    },
  };
}
