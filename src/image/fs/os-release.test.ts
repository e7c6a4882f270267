import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOsRelease } from './os-release.js';

describe('parseOsRelease', () => {
  it('reads Ubuntu and EMT files with double quotes and bare values', () => {
    const ubuntu = parseOsRelease(
      'PRETTY_NAME="Ubuntu 22.04.5 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.5 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\n',
    );
    assert.deepEqual(ubuntu, {
      PRETTY_NAME: 'Ubuntu 22.04.5 LTS',
      NAME: 'Ubuntu',
      VERSION_ID: '22.04',
      VERSION: '22.04.5 LTS (Jammy Jellyfish)',
      ID: 'ubuntu',
      ID_LIKE: 'debian',
    });
    const emt = parseOsRelease(
      'NAME="Edge Microvisor Toolkit"\r\nID="Edge Microvisor Toolkit"\r\nVERSION_ID="3.0"\r\n',
    );
    assert.equal(emt.ID, 'Edge Microvisor Toolkit');
    assert.equal(emt.VERSION_ID, '3.0');
  });

  it('skips comments, blank lines, bad keys and lines without =', () => {
    assert.deepEqual(
      parseOsRelease('# comment\n\n  \nnot an assignment\n1BAD=x\n=x\nID=debian # trailing\n'),
      {
        ID: 'debian',
      },
    );
  });

  it('decodes escapes: double quotes allow \\\\ \\" \\$ \\`, single quotes are literal, bare backslash escapes', () => {
    const parsed = parseOsRelease(
      'A="say \\"hi\\" \\$HOME \\` \\\\ \\n"\nB=\'it\\s $literal\'\nC=one\\ two\nD="mixed"\'parts\'\nE="has # hash"\n',
    );
    assert.equal(parsed.A, 'say "hi" $HOME ` \\ \\n');
    assert.equal(parsed.B, 'it\\s $literal');
    assert.equal(parsed.C, 'one two');
    assert.equal(parsed.D, 'mixedparts');
    assert.equal(parsed.E, 'has # hash');
  });

  it('keeps the text of an unterminated quote, a later key wins, empty values stay empty', () => {
    assert.deepEqual(parseOsRelease('A="open\nB=1\nB=2\nC=\nD=""\n'), { A: 'open', B: '2', C: '', D: '' });
  });
});
