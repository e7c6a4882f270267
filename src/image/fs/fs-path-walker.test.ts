import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOrchError } from '../../core/errors/index.js';
import type { FsChild, FsDriver, FsNode } from './fs-driver.js';
import { readOnlyFs } from './fs-path-walker.js';

/** An in-memory tree: a directory maps names to nodes, a string is a link, bytes are a file. */
type Tree = { [name: string]: Tree | string | Uint8Array };
interface FakeNode extends FsNode {
  readonly value: Tree | string | Uint8Array;
}

function nodeOf(value: Tree | string | Uint8Array): FakeNode {
  if (typeof value === 'string') return { type: 'symlink', size: value.length, value };
  if (value instanceof Uint8Array) return { type: 'file', size: value.byteLength, value };
  return { type: 'dir', size: 0, value };
}

function fakeDriver(tree: Tree, caseInsensitive = false): FsDriver<FakeNode> {
  return {
    kind: 'ext4',
    label: 'fake',
    uuid: undefined,
    caseInsensitive,
    root: () => Promise.resolve(nodeOf(tree)),
    children: (dir) =>
      Promise.resolve(
        Object.entries(dir.value as Tree).map(([name, value]): FsChild<FakeNode> => ({
          name,
          type: nodeOf(value).type,
          load: () => Promise.resolve(nodeOf(value)),
        })),
      ),
    readLink: (link) => Promise.resolve(link.value as string),
    readFile: (file) => Promise.resolve(file.value as Uint8Array),
  };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const tree: Tree = {
  usr: { lib: { 'os-release': bytes('ID=ubuntu\n') }, bin: { tool: bytes('tool') } },
  etc: {
    'os-release': '../usr/lib/os-release',
    alternatives: { tool: '/usr/bin/tool' },
    chain: 'alternatives/tool',
  },
  lib: 'usr/lib',
  up: '../../../usr/lib/os-release',
  self: 'self',
  dangling: 'nowhere',
};

describe('readOnlyFs path walking', () => {
  const fs = readOnlyFs(fakeDriver(tree));
  const text = async (path: string): Promise<string> => new TextDecoder().decode(await fs.readFile(path));

  it('follows relative, absolute and chained links, from the link directory', async () => {
    assert.equal(await text('/etc/os-release'), 'ID=ubuntu\n');
    assert.equal(await text('/etc/alternatives/tool'), 'tool');
    assert.equal(await text('/etc/chain'), 'tool');
    assert.equal(await text('/lib/os-release'), 'ID=ubuntu\n');
  });

  it('stops .. at the root, skips . and repeated separators', async () => {
    assert.equal(await text('/up'), 'ID=ubuntu\n');
    assert.equal(await text('//usr/./lib//os-release'), 'ID=ubuntu\n');
    assert.equal(await text('/../../usr/lib/os-release'), 'ID=ubuntu\n');
  });

  it('stat reports a final link without following it; list and exists follow', async () => {
    assert.deepEqual(await fs.stat('/etc/os-release'), {
      type: 'symlink',
      size: 21,
      target: '../usr/lib/os-release',
    });
    assert.deepEqual(await fs.list('/lib'), [{ name: 'os-release', type: 'file' }]);
    assert.equal(await fs.exists('/dangling'), false);
    assert.deepEqual(await fs.stat('/dangling'), { type: 'symlink', size: 7, target: 'nowhere' });
  });

  it('a self-referencing link is CORRUPT_DATA after 40 hops', async () => {
    await assert.rejects(
      fs.readFile('/self'),
      (e) => isOrchError(e, 'CORRUPT_DATA') && e.message === '/self: more than 40 symbolic links (a loop?)',
    );
  });

  it('compares names case-insensitively only when the driver says so', async () => {
    const fat = readOnlyFs(fakeDriver(tree, true));
    assert.equal(await fat.exists('/USR/LIB/OS-RELEASE'), true);
    assert.equal(await fs.exists('/USR/LIB/OS-RELEASE'), false);
  });
});
