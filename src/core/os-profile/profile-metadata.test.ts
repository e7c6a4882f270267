import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeMetadata } from './profile-metadata.js';
import { readProvisioningOptions } from './provisioning-options.js';

function issues(raw: unknown): { rule: string; message: string }[] {
  const result = normalizeMetadata(raw);
  assert.equal(result.ok, false);
  return result.ok
    ? []
    : result.issues.map(({ field, rule, message }) => (assert.equal(field, 'metadata'), { rule, message }));
}

const FORMAT =
  'metadata must be a JSON object (or its JSON text) of string values, e.g. {"skip_kernel_upgrade":"true"}.';

describe('metadata', () => {
  test('a map or its JSON text; absent and empty mean {}', () => {
    assert.deepEqual(normalizeMetadata({ release: '1.2' }), { ok: true, value: { release: '1.2' } });
    assert.deepEqual(normalizeMetadata('{"release":"1.2"}'), { ok: true, value: { release: '1.2' } });
    for (const raw of [undefined, null, '', '  '])
      assert.deepEqual(normalizeMetadata(raw), { ok: true, value: {} });
  });

  test('numbers and booleans are stored as their text', () => {
    assert.deepEqual(normalizeMetadata({ skip_kernel_upgrade: true, replicas: 3, ratio: 0.5 }), {
      ok: true,
      value: { skip_kernel_upgrade: 'true', replicas: '3', ratio: '0.5' },
    });
  });

  test('a "__proto__" key is kept as data', () => {
    const result = normalizeMetadata('{"__proto__":"x"}');
    assert.equal(result.ok && Object.hasOwn(result.value, '__proto__') && result.value['__proto__'], 'x');
  });

  test('not an object', () => {
    for (const raw of ['{bad json', '[1,2]', '"text"', 5, ['a'], 'null']) {
      assert.deepEqual(issues(raw), [{ rule: 'metadata.format', message: FORMAT }]);
    }
  });

  test('nested values and null are refused, naming the key', () => {
    assert.deepEqual(issues({ a: { b: 'c' }, d: ['e'], f: null }), [
      {
        rule: 'metadata.value',
        message:
          'metadata "a" must have a string, number or boolean value; nested objects, arrays and null are not allowed.',
      },
      {
        rule: 'metadata.value',
        message:
          'metadata "d" must have a string, number or boolean value; nested objects, arrays and null are not allowed.',
      },
      {
        rule: 'metadata.value',
        message:
          'metadata "f" must have a string, number or boolean value; nested objects, arrays and null are not allowed.',
      },
    ]);
  });

  test('bad keys and total size', () => {
    assert.deepEqual(issues({ '': 'x' }), [
      {
        rule: 'metadata.key',
        message: 'metadata key "" must be 1 to 128 characters without control characters.',
      },
    ]);
    assert.equal(issues({ ['k'.repeat(129)]: 'x' })[0]?.rule, 'metadata.key');
    assert.equal(issues({ 'a\nb': 'x' })[0]?.rule, 'metadata.key');
    assert.deepEqual(issues({ big: 'v'.repeat(4090) }), [
      { rule: 'metadata.size', message: 'metadata must be at most 4096 characters as JSON.' },
    ]);
    assert.equal(normalizeMetadata({ big: 'v'.repeat(4080) }).ok, true);
    // Whitespace does not count towards the limit, but text 16 times the limit is not parsed at all.
    assert.equal(normalizeMetadata(`{${' '.repeat(60000)}"a":"b"}`).ok, true);
    assert.deepEqual(issues(`{${' '.repeat(70000)}"a":"b"}`), [
      { rule: 'metadata.size', message: 'metadata must be at most 4096 characters as JSON.' },
    ]);
  });

  test('messages cut long keys and values', () => {
    assert.deepEqual(issues({ skip_kernel_upgrade: 'n'.repeat(500) }), [
      {
        rule: 'metadata.boolean',
        message: `metadata "skip_kernel_upgrade" must be "true" or "false", not "${'n'.repeat(61)}...".`,
      },
    ]);
  });

  test('provisioning options must hold valid values', () => {
    assert.deepEqual(issues({ skip_kernel_upgrade: 'yes' }), [
      {
        rule: 'metadata.boolean',
        message: 'metadata "skip_kernel_upgrade" must be "true" or "false", not "yes".',
      },
    ]);
    assert.equal(issues({ 'standalone-node': '1' })[0]?.rule, 'metadata.boolean');
    assert.deepEqual(issues({ kernelVersion: 'Linux Image' }), [
      {
        rule: 'metadata.kernel-version',
        message:
          'metadata "kernelVersion" must name a kernel package such as linux-image-5.15.0-1035-generic, not "Linux Image".',
      },
    ]);
    assert.deepEqual(issues({ skip_kernel_upgrade: 'true', skipkernelupgrade: 'false' }), [
      {
        rule: 'metadata.conflict',
        message:
          'metadata "skip_kernel_upgrade" and "skipkernelupgrade" set the same option to different values; keep one of them.',
      },
    ]);
    assert.equal(normalizeMetadata({ skip_kernel_upgrade: 'TRUE', skipkernelupgrade: 'true' }).ok, true);
  });
});

describe('readProvisioningOptions', () => {
  test('defaults', () => {
    assert.deepEqual(readProvisioningOptions({}), { skipKernelUpgrade: false, standaloneNode: false });
  });
  test('documented spellings', () => {
    assert.deepEqual(
      readProvisioningOptions({
        skip_kernel_upgrade: 'true',
        kernelVersion: 'linux-image-5.15.0-1035-generic',
        'standalone-node': 'true',
      }),
      { skipKernelUpgrade: true, kernelVersion: 'linux-image-5.15.0-1035-generic', standaloneNode: true },
    );
  });
  test('the spellings EMF code reads, any case', () => {
    assert.deepEqual(
      readProvisioningOptions({
        skipkernelupgrade: 'True',
        kernelversion: 'linux-image-6.8.0-50-generic',
        other: 'x',
      }),
      { skipKernelUpgrade: true, kernelVersion: 'linux-image-6.8.0-50-generic', standaloneNode: false },
    );
    assert.deepEqual(readProvisioningOptions({ skip_kernel_upgrade: 'false', standalone_node: 'false' }), {
      skipKernelUpgrade: false,
      standaloneNode: false,
    });
  });
});
