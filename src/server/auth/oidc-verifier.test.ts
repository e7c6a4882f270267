import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realmRoles } from './oidc-verifier.js';

test('realmRoles maps <project>_im-r to read and <project>_im-rw to write', () => {
  assert.deepEqual(realmRoles({ roles: ['alpha_im-r', 'beta_im-rw'] }), [
    { project: 'alpha', role: 'read' },
    { project: 'beta', role: 'write' },
  ]);
});

test('realmRoles keeps underscores inside project ids and ignores every other role', () => {
  assert.deepEqual(realmRoles({ roles: ['my_lab_im-rw', 'offline_access', 'x_im-rx', '_im-r', 42, null] }), [
    { project: 'my_lab', role: 'write' },
  ]);
});

test('realmRoles of a token without realm roles is empty', () => {
  for (const claim of [undefined, null, 'admin', { roles: 'alpha_im-r' }, {}]) {
    assert.deepEqual(realmRoles(claim), []);
  }
});
