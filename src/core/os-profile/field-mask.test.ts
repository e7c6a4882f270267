import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readProfileFieldMask } from './field-mask.js';
import { toCamelCase } from '../filter/field-name-case.js';

test('toCamelCase: proto names to JSON names; camelCase and EMF exceptions as they are', () => {
  assert.equal(toCamelCase('tls_ca_cert'), 'tlsCaCert');
  assert.equal(toCamelCase('timestamps.created_at'), 'timestamps.createdAt');
  assert.equal(toCamelCase('existing_cves_url'), 'existingCvesUrl');
  assert.equal(toCamelCase('os_resourceID'), 'osResourceID');
  assert.equal(toCamelCase('sha256'), 'sha256');
  assert.equal(toCamelCase('profileName'), 'profileName');
});

test('readProfileFieldMask: either spelling, blanks skipped, duplicates once, unknown paths ignored', () => {
  assert.deepEqual(readProfileFieldMask('name, metadata,tls_ca_cert,,tlsCaCert'), {
    fields: ['name', 'metadata', 'tlsCaCert'],
    ignored: [],
  });
  assert.deepEqual(readProfileFieldMask('name,colour,resource_id'), {
    fields: ['name'],
    ignored: ['colour', 'resource_id'],
  });
  // A mask naming no settable field is no mask at all (EMF then applies every field sent).
  assert.deepEqual(readProfileFieldMask('colour,osResourceID'), {
    fields: undefined,
    ignored: ['colour', 'osResourceID'],
  });
  assert.deepEqual(readProfileFieldMask(' , '), { fields: undefined, ignored: [] });
});
