/**
 * The seven default OS profiles every project starts with, as EMF's public profile set defines
 * them, written the way an operator would type them (short enum spellings, EMT paths relative to
 * the Release Service). default-profiles.ts runs them through the same rules as any body.
 */
const UBUNTU_22_04_IMAGE =
  'https://cloud-images.ubuntu.com/releases/22.04/release-20250228/ubuntu-22.04-server-cloudimg-amd64.img';
const UBUNTU_24_04_IMAGE =
  'https://cloud-images.ubuntu.com/releases/noble/release-20250430/ubuntu-24.04-server-cloudimg-amd64.img';
const UBUNTU_24_04_SHA256 = 'bc471ca49de03b5129c65b70f9862b7f4b5e721622fd34ade78132f6f7999e2d';
const EMT_NON_RT_IMAGE =
  'files-edge-orch/repository/microvisor/non_rt/edge-readonly-3.0.20260602.2200-prod-signed.raw.gz';
const EMT_NON_RT_SHA256 = '6f7aef82c1aae6c914a9f173a6be91b0a222027937f5afcc87c2b12a9d71c056';

export const DEFAULT_PROFILE_INPUTS: readonly Readonly<Record<string, unknown>>[] = Object.freeze(
  [
    {
      profileName: 'ubuntu-22.04-lts-generic',
      name: 'Ubuntu 22.04.5 LTS',
      description: 'Ubuntu 22.04 LTS',
      osType: 'MUTABLE',
      securityFeature: 'SB_FDE',
      imageId: '22.04.5',
      imageUrl: UBUNTU_22_04_IMAGE,
      sha256: 'b9b65a7e045ca262ad614cbedeaa1bf34b9325d76f856e85e17b68984e7a4314',
    },
    {
      profileName: 'ubuntu-24.04-lts',
      name: 'Ubuntu 24.04.2 LTS',
      description: 'Ubuntu 24.04 LTS',
      osType: 'MUTABLE',
      securityFeature: 'SB_FDE',
      imageId: '24.04.2',
      imageUrl: UBUNTU_24_04_IMAGE,
      sha256: UBUNTU_24_04_SHA256,
    },
    {
      profileName: 'ubuntu-24.04-lts-generic-ext',
      name: 'Ubuntu 24.04.2 LTS with Intel out-of-tree GPU drivers',
      description: 'Ubuntu 24.04 LTS with OOT GPU drivers',
      osType: 'MUTABLE',
      securityFeature: 'NONE',
      imageId: '24.04.2',
      imageUrl: UBUNTU_24_04_IMAGE,
      sha256: UBUNTU_24_04_SHA256,
    },
    {
      profileName: 'microvisor-nonrt',
      name: 'Edge Microvisor Toolkit 3.0.20260602',
      description: 'EMT 3.0 non-RT',
      osType: 'IMMUTABLE',
      securityFeature: 'SB_FDE',
      imageId: '3.0.20260602.2200',
      imageUrl: EMT_NON_RT_IMAGE,
      sha256: EMT_NON_RT_SHA256,
    },
    {
      profileName: 'microvisor-rt',
      name: 'Edge Microvisor Toolkit Real Time 3.0.20260602',
      description: 'EMT 3.0 RT',
      osType: 'IMMUTABLE',
      securityFeature: 'SB_FDE',
      imageId: '3.0.20260602.2100',
      imageUrl:
        'files-edge-orch/repository/microvisor/rt/edge-readonly-rt-3.0.20260602.2100-prod-signed.raw.gz',
      sha256: '159ed2aba767e8ed5c31fcc06f9006eab8219533e3b394709099286c30540715',
    },
    {
      profileName: 'microvisor-standalone',
      name: 'Edge Microvisor Toolkit Standalone 3.0.20260602',
      description: 'EMT standalone (OXM)',
      osType: 'IMMUTABLE',
      securityFeature: 'NONE',
      imageId: '3.0.20260602.2200',
      imageUrl: EMT_NON_RT_IMAGE,
      sha256: EMT_NON_RT_SHA256,
      metadata: { 'standalone-node': 'true' },
    },
    {
      profileName: 'microvisor-idv',
      name: 'Edge Microvisor Toolkit IDV 3.0.20260603',
      description: 'EMT with IDV (OXM)',
      osType: 'IMMUTABLE',
      securityFeature: 'NONE',
      imageId: '3.0.20260603.0613',
      imageUrl:
        'files-edge-orch/repository/microvisor/dv/edge-readonly-dv-3.0.20260603.0613-prod-signed.raw.gz',
      sha256: '1d2f3635817fe165aef3ca8b1189d1cef3cd6a6d799350972917315a85ebaa73',
    },
  ].map((input) => Object.freeze({ ...input, architecture: 'x86_64', osProvider: 'INFRA' })),
);
