import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrchError } from '../../core/errors/index.js';
import { assertAccess, roleOn, type Principal } from './principal.js';

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  kind: 'token',
  subject: 't',
  admin: false,
  roles: [],
  expiresAt: null,
  ...overrides,
});

test('roleOn: the strongest grant on the project; write implies read; admins write everywhere', () => {
  const p = principal({
    roles: [
      { project: 'a', role: 'read' },
      { project: 'a', role: 'write' },
      { project: 'b', role: 'read' },
    ],
  });
  assert.equal(roleOn(p, 'a'), 'write');
  assert.equal(roleOn(p, 'b'), 'read');
  assert.equal(roleOn(p, 'c'), undefined);
  assert.equal(roleOn(principal({ admin: true }), 'anything'), 'write');
});

test('assertAccess: public and authenticated pass any principal', () => {
  assertAccess(principal(), 'public', undefined);
  assertAccess(principal(), 'authenticated', undefined);
});

test('assertAccess: admin routes need an admin', () => {
  assertAccess(principal({ admin: true }), 'admin', undefined);
  assert.throws(
    () => assertAccess(principal({ roles: [{ project: 'a', role: 'write' }] }), 'admin', undefined),
    (e) => isOrchError(e, 'PermissionDenied') && e.message === 'this call needs an admin token',
  );
});

test('assertAccess: read and write on the project, with messages that do not reveal existence', () => {
  const reader = principal({ roles: [{ project: 'a', role: 'read' }] });
  assertAccess(reader, 'read', 'a');
  assert.throws(
    () => assertAccess(reader, 'write', 'a'),
    (e) =>
      isOrchError(e, 'PermissionDenied') &&
      e.message === "the token has read-only access to project 'a'; this call needs write",
  );
  assert.throws(
    () => assertAccess(reader, 'read', 'b'),
    (e) => isOrchError(e, 'PermissionDenied') && e.message === "the token has no role on project 'b'",
  );
  assertAccess(principal({ roles: [{ project: 'a', role: 'write' }] }), 'write', 'a');
});

test('assertAccess: a project route without {project} is a programming error', () => {
  assert.throws(
    () => assertAccess(principal(), 'read', undefined),
    (e) => isOrchError(e, 'Internal'),
  );
});
