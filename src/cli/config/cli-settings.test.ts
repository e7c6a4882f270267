import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from './cli-settings.js';
import { configPath, readConfigFile, writeConfigFile } from './config-file.js';

const dir = await mkdtemp(join(tmpdir(), 'orch-cli-config-'));
after(() => rm(dir, { recursive: true, force: true }));

test('flags beat the environment, which beats the file, which beats the defaults', () => {
  const file = {
    'api-endpoint': 'https://file/',
    project: 'p-file',
    token: 't-file',
    'ca-cert': '/file.pem',
  };
  const env = {
    ORCH_API_ENDPOINT: 'https://env',
    ORCH_PROJECT: 'p-env',
    ORCH_TOKEN: 't-env',
    ORCH_CA_CERT: '/env.pem',
  };
  assert.deepEqual(
    resolveSettings({ apiEndpoint: 'https://flag//', project: 'p-flag', caCert: '/f.pem' }, env, file),
    {
      apiEndpoint: 'https://flag',
      project: 'p-flag',
      token: 't-env',
      caCertPath: '/f.pem',
    },
  );
  assert.deepEqual(resolveSettings({}, env, file), {
    apiEndpoint: 'https://env',
    project: 'p-env',
    token: 't-env',
    caCertPath: '/env.pem',
  });
  assert.deepEqual(resolveSettings({}, { ORCH_TOKEN: '' }, file), {
    apiEndpoint: 'https://file',
    project: 'p-file',
    token: 't-file',
    caCertPath: '/file.pem',
  });
  assert.deepEqual(resolveSettings({}, {}, {}), {
    apiEndpoint: 'http://127.0.0.1:8080',
    project: 'default',
    token: undefined,
    caCertPath: undefined,
  });
});

test('the config path: ORCH_CLI_CONFIG, else ~/.orch-cli/config.yaml', () => {
  assert.equal(configPath({ ORCH_CLI_CONFIG: '/x/c.yaml' }, '/home/u'), '/x/c.yaml');
  assert.equal(configPath({}, '/home/u'), '/home/u/.orch-cli/config.yaml');
});

test('the file: written 0600 in a new folder, read back; missing is empty; unknown keys dropped; bad YAML refused', async () => {
  const path = join(dir, 'sub', 'config.yaml');
  assert.deepEqual(await readConfigFile(path), {});
  await writeConfigFile(path, { project: 'lab', token: 'eo_x' });
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.equal(await readFile(path, 'utf8'), 'project: lab\ntoken: eo_x\n');
  assert.deepEqual(await readConfigFile(path), { project: 'lab', token: 'eo_x' });
  await writeFile(path, 'project: lab\ncolour: red\n');
  assert.deepEqual(await readConfigFile(path), { project: 'lab' });
  await writeFile(path, '- a\n- b\n');
  await assert.rejects(readConfigFile(path), /must be a YAML map of settings/);
  await writeFile(path, 'a: "b\n');
  await assert.rejects(readConfigFile(path), /is not valid YAML/);
});
