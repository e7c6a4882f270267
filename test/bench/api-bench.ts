/**
 * `npm run bench:api`: p50/p95 latency of the OS profile API with 10,000 profiles in a project,
 * on SQLite (a temp file) and PostgreSQL (a fresh schema on ORCH_TEST_PG_URL) side by side.
 * Requests go through the whole Fastify stack (auth, validation, serialization) via inject, so
 * the figures are the server's own cost without network. Prints a table; docs/benchmarks.md
 * records a run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Table from 'cli-table3';
import { sql } from 'kysely';
import { buildApp } from '../../src/server/app.js';
import { issueToken } from '../../src/server/auth/issue-token.js';
import { newResourceId } from '../../src/core/ids/index.js';
import { applyProfileCreateRules } from '../../src/core/os-profile/index.js';
import { openStore, type KyselyStore } from '../../src/store/index.js';
import { createTestSchema, pgTestGate } from '../support/pg-test-schema.js';

const PROFILES = Number(process.env['BENCH_PROFILES'] ?? 10_000);
const ROUNDS = { list: 200, get: 500, create: 300 };
const RELEASE_SERVICE_URL = 'https://files-rs.example.test';
const LIST_QUERY = `filter=${encodeURIComponent('name="bench-*7" AND osType=MUTABLE')}&orderBy=${encodeURIComponent('timestamps.createdAt desc, name')}&pageSize=20`;

const body = (i: number) => ({
  name: `bench-${i}`,
  profileName: 'ubuntu-bench',
  imageUrl: `https://images.example.test/bench/${i}.img`,
  imageId: `1.${i}`,
  sha256: i.toString(16).padStart(64, '0'),
  osType: 'MUTABLE',
  metadata: { shard: String(i % 10) },
});

async function fill(store: KyselyStore): Promise<string[]> {
  await store.projects.create('bench');
  const ids: string[] = [];
  const ctx = { releaseServiceUrl: RELEASE_SERVICE_URL, now: new Date() };
  for (let start = 0; start < PROFILES; start += 50) {
    const batch = Array.from({ length: Math.min(50, PROFILES - start) }, (_, k) => start + k);
    await Promise.all(
      batch.map(async (i) => {
        const fields = await applyProfileCreateRules(body(i), ctx);
        if (!fields.ok) throw new Error(JSON.stringify(fields.issues));
        ids.push((await store.profiles.create('bench', newResourceId('os'), fields.value)).resourceId);
      }),
    );
  }
  return ids;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(store: KyselyStore): Promise<Record<string, [number, number]>> {
  const ids = await fill(store);
  // A production PostgreSQL analyzes a table that grew by 10% on its own (autovacuum); the test
  // server here runs with autovacuum off, and a planner without statistics reads 10,000 rows for
  // a page of 20. Do once what autovacuum would have done. SQLite plans these lists well without.
  if (store.dialect === 'postgres') await sql`vacuum analyze os_profiles`.execute(store.db);
  const app = await buildApp({ store, config: { releaseServiceUrl: RELEASE_SERVICE_URL } });
  const { secret } = await issueToken(store.tokens, {
    name: 'bench',
    admin: true,
    roles: [],
    now: new Date(),
  });
  const headers = { authorization: `Bearer ${secret}` };
  const base = '/v1/projects/bench/compute/os';
  const time = async (rounds: number, call: (i: number) => Promise<{ statusCode: number }>, ok: number) => {
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const res = await call(i);
      samples.push(performance.now() - t0);
      if (res.statusCode !== ok) throw new Error(`unexpected ${res.statusCode}`);
    }
    return [percentile(samples, 50), percentile(samples, 95)] as [number, number];
  };
  const results = {
    'list (filter + orderBy, 20)': await time(
      ROUNDS.list,
      () => app.inject({ method: 'GET', url: `${base}?${LIST_QUERY}`, headers }),
      200,
    ),
    'get by id': await time(
      ROUNDS.get,
      (i) => app.inject({ method: 'GET', url: `${base}/${ids[(i * 7919) % ids.length]}`, headers }),
      200,
    ),
    create: await time(
      ROUNDS.create,
      (i) => app.inject({ method: 'POST', url: base, headers, payload: body(PROFILES + i) }),
      200,
    ),
  };
  await app.close();
  return results;
}

/** The machine's 1-minute load average, for the record (benchmarks share the machine). */
const load = (): string => loadavg()[0]!.toFixed(2);

async function main(): Promise<void> {
  const loadAtStart = load();
  const dir = await mkdtemp(join(tmpdir(), 'orchd-bench-'));
  const columns: Record<string, Record<string, [number, number]>> = {};
  try {
    const sqlite = await openStore({ url: `sqlite:${join(dir, 'bench.db')}` });
    await sqlite.migrateToLatest();
    columns['SQLite'] = await measure(sqlite).finally(() => sqlite.close());
    const skip = await pgTestGate();
    if (skip) console.log(skip);
    else {
      const schema = await createTestSchema('bench_api');
      const pg = await openStore({ url: schema.url, schema: schema.schema });
      try {
        await pg.migrateToLatest();
        columns['PostgreSQL'] = await measure(pg);
      } finally {
        await pg.close();
        await schema.drop();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const engines = Object.keys(columns);
  const table = new Table({
    head: ['operation', ...engines.flatMap((e) => [`${e} p50 ms`, `${e} p95 ms`])],
    style: { head: [], border: [] },
  });
  for (const op of Object.keys(columns[engines[0]!]!)) {
    table.push([op, ...engines.flatMap((e) => columns[e]![op]!.map((v) => v.toFixed(2)))]);
  }
  console.log(`${PROFILES} profiles in one project; rounds: ${JSON.stringify(ROUNDS)}`);
  console.log(`load average (1 min): ${loadAtStart} at the start, ${load()} at the end`);
  console.log(table.toString());
}

await main();
