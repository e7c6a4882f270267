import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHostMetadata, isSameMachine, parseHostMetadata } from './host-rules.js';

test('isSameMachine: same UUID, or same serial where either side has no UUID', () => {
  const u1 = '4c4c4544-0035-5210-8036-000000000001';
  const u2 = '4c4c4544-0035-5210-8036-000000000002';
  assert.equal(
    isSameMachine({ uuid: u1, serialNumber: 'A1234' }, { uuid: u1, serialNumber: 'B1234' }),
    'uuid',
  );
  assert.equal(
    isSameMachine({ uuid: '', serialNumber: 'A1234' }, { uuid: u1, serialNumber: 'A1234' }),
    'serialNumber',
  );
  assert.equal(
    isSameMachine({ uuid: u1, serialNumber: 'A1234' }, { uuid: '', serialNumber: 'A1234' }),
    'serialNumber',
  );
  assert.equal(
    isSameMachine({ uuid: u1, serialNumber: 'A1234' }, { uuid: u2, serialNumber: 'A1234' }),
    undefined,
  );
  assert.equal(isSameMachine({ uuid: '', serialNumber: '' }, { uuid: '', serialNumber: '' }), undefined);
});

test('parseHostMetadata: key=value&key=value with upstream key and value rules', () => {
  assert.deepEqual(parseHostMetadata(''), []);
  assert.deepEqual(parseHostMetadata('env=lab&example.com/rack=r-1'), [
    { key: 'env', value: 'lab' },
    { key: 'example.com/rack', value: 'r-1' },
  ]);
  assert.deepEqual(parseHostMetadata('a='), [{ key: 'a', value: '' }]);
  assert.throws(() => parseHostMetadata('novalue'), /metadata pair 1 "novalue" is not key=value/);
  assert.throws(() => parseHostMetadata('=v'), /is not key=value/);
  assert.throws(() => parseHostMetadata('Env=x'), /metadata key "Env" must be lower-case/);
  assert.throws(() => parseHostMetadata('env=Lab'), /metadata value "Lab" of key "env"/);
  assert.throws(() => parseHostMetadata('env=a&env=b'), /metadata key "env" appears twice/);
  assert.throws(() => parseHostMetadata(`env=${'a'.repeat(64)}`), /at most 63/);
  assert.doesNotThrow(() => checkHostMetadata([{ key: 'x', value: 'y' }]));
});
