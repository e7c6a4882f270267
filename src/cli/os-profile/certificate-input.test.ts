import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCertificateInput } from './certificate-input.js';

const dir = await mkdtemp(join(tmpdir(), 'orch-cli-cert-'));
after(() => rm(dir, { recursive: true, force: true }));

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function io(env: Record<string, string> = {}) {
  const notes: string[] = [];
  return { notes, io: { env, note: (text: string) => void notes.push(text) } };
}

test('--tls-cert is sent as given; $TLS_CERT is used only when asked and said so', async () => {
  const a = io({ TLS_CERT: 'RU5W' });
  assert.equal(await resolveCertificateInput({ tlsCert: 'RkxBRw==' }, a.io, true), 'RkxBRw==');
  assert.deepEqual(a.notes, []);
  assert.equal(await resolveCertificateInput({}, a.io, true), 'RU5W');
  assert.deepEqual(a.notes, ['using the image server certificate from $TLS_CERT (4 characters)']);
  assert.equal(await resolveCertificateInput({}, a.io, false), undefined, 'update never reads $TLS_CERT');
  assert.equal(await resolveCertificateInput({}, io({ TLS_CERT: '  ' }).io, true), undefined);
  assert.equal(await resolveCertificateInput({}, io().io, true), undefined);
});

test('--tls-cert-file: PEM text as is, binary DER as base64; unreadable and doubled flags are usage errors', async () => {
  const pemPath = join(dir, 'c.pem');
  const derPath = join(dir, 'c.der');
  await writeFile(pemPath, PEM);
  await writeFile(derPath, Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x00, 0xff]));
  assert.equal(await resolveCertificateInput({ tlsCertFile: pemPath }, io().io, true), PEM);
  assert.equal(await resolveCertificateInput({ tlsCertFile: derPath }, io().io, true), 'MIIBCgD/');
  await assert.rejects(resolveCertificateInput({ tlsCertFile: join(dir, 'none.pem') }, io().io, true), {
    exitCode: 2,
    message: /^cannot read --tls-cert-file .*none\.pem: ENOENT/,
  });
  await assert.rejects(resolveCertificateInput({ tlsCert: 'x', tlsCertFile: pemPath }, io().io, true), {
    exitCode: 2,
    message: 'give either --tls-cert or --tls-cert-file, not both',
  });
});
