/**
 * @module
 * What the step and agent tests share: node facts, a step context that records progress and log
 * lines, sparse file disks, and an HTTPS image server serving the OS-image fixtures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowPlan, WorkflowStep } from '../../../src/core/workflow/index.js';
import { probeNodeDisk, type DiskRef } from '../../../src/agent/disk/node-disk.js';
import type { NodeFacts } from '../../../src/agent/facts/node-facts.js';
import type { StepContext, StepOutcome, StepProgress } from '../../../src/agent/steps/step-executor.js';
import { STEP_EXECUTORS } from '../../../src/agent/steps/step-registry.js';
import { systemToolRunner, type ToolRunner } from '../../../src/agent/tools/tool-runner.js';
import {
  startImageServer,
  type ImageServer,
  type ServedFile,
} from '../../support/https-server/image-server.js';
import { loadTestCertificates } from '../../support/tls/test-certificates.js';
import { createOsImageFixtures, type OsImageFixtures } from '../../fixtures/os-images/os-image-fixtures.js';
import type { OsImageVariant } from '../../fixtures/os-images/os-image-variants.js';
import type { ImageEncoding } from '../../fixtures/disk-image/encode-image.js';
import type { PlanImage } from './test-plan.js';

export const GIB = 1024 ** 3;

/** Facts of a virtual edge node. */
export function testFacts(overrides: Partial<NodeFacts> = {}): NodeFacts {
  return {
    uuid: '4c4c4544-0042-4a10-8052-b4c04f4e3332',
    serialNumber: 'SN-TEST-1',
    secureBoot: false,
    uefi: true,
    tpm: false,
    macs: ['52:54:00:12:34:56'],
    ramBytes: 4 * GIB,
    inventory: {},
    ...overrides,
  };
}

/** A context and what the step reported through it. */
export interface RecordingContext {
  readonly ctx: StepContext;
  readonly progress: StepProgress[];
  readonly logs: string[];
}

/** A step context over `disk` with real system tools unless `tools` is given. */
export function stepContext(
  disk: DiskRef,
  plan: WorkflowPlan,
  options: { facts?: Partial<NodeFacts>; tools?: ToolRunner } = {},
): RecordingContext {
  const progress: StepProgress[] = [];
  const logs: string[] = [];
  const ctx: StepContext = {
    disk,
    plan,
    facts: testFacts(options.facts),
    tools: options.tools ?? systemToolRunner(),
    progress: (p) => progress.push(p),
    log: (line) => logs.push(line),
    imageSource: { backoff: { initialMs: 5, maxMs: 20 } },
  };
  return { ctx, progress, logs };
}

/** Parses and runs one planned step. */
export async function runStep(
  ctx: StepContext,
  step: WorkflowStep,
  signal = new AbortController().signal,
): Promise<StepOutcome> {
  const executor = STEP_EXECUTORS[step.kind] as (typeof STEP_EXECUTORS)['reboot'];
  return executor.run(ctx, executor.parse(step.params) as never, signal);
}

/** Runs the plan's steps in order, stopping at the first failure; returns each outcome by kind. */
export async function runSteps(ctx: StepContext, plan: WorkflowPlan): Promise<Map<string, StepOutcome>> {
  const outcomes = new Map<string, StepOutcome>();
  for (const step of plan.steps) {
    const outcome = await runStep(ctx, step);
    outcomes.set(step.kind, outcome);
    if (!outcome.ok) break;
  }
  return outcomes;
}

/** A temporary folder removed by `dispose`. */
export async function tempDir(prefix: string): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** A new sparse file disk of `size` bytes. */
export const sparseDisk = (path: string, size: number): Promise<DiskRef> => probeNodeDisk(path, size);

/** One image to serve. */
export interface ServeSpec {
  readonly variant: OsImageVariant;
  readonly encoding: ImageEncoding;
  /** URL path without the leading slash; default `<variant>.<encoding>`. */
  readonly name?: string;
  readonly faults?: ServedFile['faults'];
}

/** A running HTTPS server over OS-image fixtures. */
export interface ImageEnv {
  readonly server: ImageServer;
  readonly caPem: string;
  /** How to fetch each served image, by name. */
  readonly images: Readonly<Record<string, PlanImage>>;
  close(): Promise<void>;
}

let shared: OsImageFixtures | undefined;

/** The process' OS-image fixture set (built on first use, removed at exit). */
export function osImageFixtures(): OsImageFixtures {
  shared ??= createOsImageFixtures();
  return shared;
}

/** Builds the images and serves them over HTTPS with the test CA's leaf certificate. */
export async function serveImages(specs: readonly ServeSpec[]): Promise<ImageEnv> {
  const fixtures = osImageFixtures();
  const certs = await loadTestCertificates();
  const files: Record<string, ServedFile> = {};
  const described: Array<[string, { sha256: string }]> = [];
  for (const spec of specs) {
    const name = spec.name ?? `${spec.variant}.${spec.encoding}`;
    const file = await fixtures.image(spec.variant, spec.encoding);
    files[`/${name}`] = { content: { file: file.path }, ...(spec.faults ? { faults: spec.faults } : {}) };
    described.push([name, file]);
  }
  const server = await startImageServer({ tls: { cert: certs.leaf.cert, key: certs.leaf.key }, files });
  const images = Object.fromEntries(
    described.map(([name, file]) => [
      name,
      { url: server.url(`/${name}`), sha256: file.sha256, tlsCaCert: certs.ca.cert },
    ]),
  );
  return { server, caPem: certs.ca.cert, images, close: () => server.close() };
}
