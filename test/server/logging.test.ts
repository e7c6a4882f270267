import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverBackends } from './support/server-backends.js';
import { buildApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/compose-orchd.js';
import { issueToken } from '../../src/server/auth/issue-token.js';
import type { KyselyStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';

const slots = await serverBackends('logs');

for (const slot of slots) {
  describe(`logs and internal errors on ${slot.name}`, { skip: slot.skip ?? false }, () => {
    let store: KyselyStore;
    before(async () => {
      store = await slot.backend!.open();
    });
    after(async () => {
      await store?.close();
      await slot.backend?.dispose();
    });

    test('JSON log lines carry the request id and never the bearer token', async () => {
      const lines: string[] = [];
      const logger = createLogger('info', { write: (line) => void lines.push(line) });
      const app = await buildApp({ store, config: { releaseServiceUrl: 'https://rs.test' }, logger });
      try {
        const { secret } = await issueToken(store.tokens, {
          name: 'logged',
          admin: true,
          roles: [],
          now: new Date(),
        });
        const res = await app.inject({
          method: 'GET',
          url: '/v1/whoami',
          headers: { authorization: `Bearer ${secret}`, 'x-request-id': 'req-log-1' },
        });
        assert.equal(res.statusCode, 200);
        await app.inject({
          method: 'GET',
          url: '/v1/whoami',
          headers: { authorization: 'Bearer eo_wrongwrongwrong' },
        });
        const parsed = lines.map((line) => JSON.parse(line) as { reqId?: string; msg: string });
        assert.ok(parsed.some((entry) => entry.reqId === 'req-log-1' && entry.msg === 'request completed'));
        assert.ok(parsed.some((entry) => entry.msg === 'request refused'));
        const all = lines.join('\n');
        assert.ok(!all.includes(secret), 'the secret is not logged');
        assert.ok(!all.includes('eo_wrongwrongwrong'), 'a refused token is not logged');
      } finally {
        await app.close();
      }
    });

    test('a store failure answers 500 Internal without its text; the log keeps it', async () => {
      const lines: string[] = [];
      const logger = createLogger('info', { write: (line) => void lines.push(line) });
      const failing: Store = {
        dialect: store.dialect,
        tokens: store.tokens,
        profiles: store.profiles,
        jobs: store.jobs,
        dryRuns: store.dryRuns,
        notifications: store.notifications,
        transaction: (work) => store.transaction(work),
        hosts: store.hosts,
        instances: store.instances,
        workflows: store.workflows,
        sites: store.sites,
        ping: () => store.ping(),
        close: async () => undefined,
        projects: {
          ...store.projects,
          get: async () => {
            throw new Error('relation "projects" does not exist: SELECT name FROM projects');
          },
          create: (name, description) => store.projects.create(name, description),
          list: () => store.projects.list(),
        },
      };
      const app = await buildApp({
        store: failing,
        config: { releaseServiceUrl: 'https://rs.test' },
        logger,
      });
      try {
        const { secret } = await issueToken(store.tokens, {
          name: 'boom',
          admin: true,
          roles: [],
          now: new Date(),
        });
        const res = await app.inject({
          method: 'GET',
          url: '/v1/projects/any/compute/os',
          headers: { authorization: `Bearer ${secret}` },
        });
        assert.equal(res.statusCode, 500);
        assert.deepEqual(res.json(), { code: 'Internal', message: 'internal error', retryable: false });
        const logged = lines.map(
          (line) => JSON.parse(line) as { msg: string; reqId?: string; err?: { message: string } },
        );
        const failure = logged.find((entry) => entry.msg === 'request failed');
        assert.equal(failure?.reqId, res.headers['x-request-id']);
        assert.match(failure?.err?.message ?? '', /relation "projects" does not exist/);
      } finally {
        await app.close();
      }
    });
  });
}
