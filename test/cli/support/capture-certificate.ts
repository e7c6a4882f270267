import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The image server's certificate captured exactly as the documented flow does it:
 * `openssl s_client -connect host:port -showcerts </dev/null | openssl x509 -outform PEM`.
 */
export async function captureServerCertificate(port: number): Promise<string> {
  const { stdout } = await run(
    'sh',
    [
      '-c',
      `openssl s_client -connect 127.0.0.1:${port} -showcerts </dev/null 2>/dev/null | openssl x509 -outform PEM`,
    ],
    { timeout: 20_000 },
  );
  if (!stdout.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`no certificate captured: ${stdout}`);
  return stdout;
}
