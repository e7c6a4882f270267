import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderOutput } from './render-document.js';

test('renderOutput: JSON and YAML of the document for scripts, the text for people otherwise', () => {
  const doc = { resourceId: 'host-1a2b3c4d', name: 'edge-1' };
  let asked = 0;
  const forPeople = () => {
    asked += 1;
    return 'host "edge-1" (host-1a2b3c4d)\n';
  };
  assert.equal(
    renderOutput('json', doc, forPeople),
    '{\n  "resourceId": "host-1a2b3c4d",\n  "name": "edge-1"\n}\n',
  );
  assert.equal(renderOutput('yaml', doc, forPeople), 'resourceId: host-1a2b3c4d\nname: edge-1\n');
  assert.equal(asked, 0, 'the text is not rendered for scripts');
  assert.equal(renderOutput('table', doc, forPeople), 'host "edge-1" (host-1a2b3c4d)\n');
  assert.equal(renderOutput('wide', doc, forPeople), 'host "edge-1" (host-1a2b3c4d)\n');
  assert.equal(asked, 2);
});
