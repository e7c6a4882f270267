import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiToken, TokenRepository } from '../../store/store.js';
import { issueToken } from './issue-token.js';
import { hashTokenSecret } from './token-secret.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');

test('issueToken stores only the sha256 of a fresh eo_ secret, with a token- id', async () => {
  const stored: (Omit<ApiToken, 'createdAt'> & { secretHash: string })[] = [];
  const tokens = {
    create: async (token: Omit<ApiToken, 'createdAt'> & { secretHash: string }) => {
      stored.push(token);
      return { ...token, createdAt: NOW.toISOString() };
    },
  } as unknown as TokenRepository;
  const { token, secret } = await issueToken(tokens, {
    name: 'ci',
    admin: false,
    roles: [{ project: 'p', role: 'write' }],
    expiresIn: '1d',
    now: NOW,
  });
  assert.match(secret, /^eo_[A-Za-z0-9_-]{43}$/);
  assert.match(token.id, /^token-[0-9a-f]{8}$/);
  assert.equal(token.expiresAt, '2026-11-26T12:00:00.000Z');
  assert.equal(stored[0]!.secretHash, hashTokenSecret(secret));
  assert.ok(!JSON.stringify(stored).includes(secret));
  const second = await issueToken(tokens, { name: 'x', admin: true, roles: [], now: NOW });
  assert.notEqual(second.secret, secret);
  assert.equal(second.token.expiresAt, null);
});
