import { OrchError } from '../../core/errors/index.js';
import type { Compression, ImageFormat } from './format-magic.js';
import { formatChainText } from './sniff.js';

/**
 * What a caller says the image is (from an OS profile, or typed by an operator). Each field is
 * optional: only what is declared is checked. `compression: 'none'` declares an uncompressed file.
 */
export interface DeclaredFormat {
  readonly format?: ImageFormat;
  readonly compression?: Compression | 'none';
}

/**
 * Checks a declaration against the detected chain (e.g. `['gzip', 'qcow2']`). A contradiction is
 * FORMAT_MISMATCH, never a silent guess either way: a qcow2 declared as raw would otherwise be
 * written to a disk as its container bytes. Call it once the chain is known, before any write.
 */
export function checkDeclaredFormat(declared: DeclaredFormat | undefined, chain: readonly string[]): void {
  if (!declared) return;
  const image = chain.at(-1);
  const compression = chain.length > 1 ? chain[0] : 'none';
  const problems: string[] = [];
  if (declared.compression !== undefined && declared.compression !== compression) {
    problems.push(`compression declared ${declared.compression}, content is ${compression}`);
  }
  if (declared.format !== undefined && declared.format !== image) {
    problems.push(`format declared ${declared.format}, content is ${image ?? 'unknown'}`);
  }
  if (problems.length === 0) return;
  throw new OrchError(
    'FORMAT_MISMATCH',
    `The image content (${formatChainText(chain)}) contradicts its declaration: ${problems.join('; ')}.`,
    { details: { declared: { ...declared }, detected: [...chain] } },
  );
}
