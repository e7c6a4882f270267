import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrchError } from '../../core/errors/index.js';
import { toErrorReply } from './error-reply.js';

test('an OrchError keeps its code, status, message and details', () => {
  const reply = toErrorReply(new OrchError('AlreadyExists', 'dup', { details: { resourceId: 'os-1' } }), 10);
  assert.deepEqual(reply, {
    status: 409,
    body: { code: 'AlreadyExists', message: 'dup', retryable: false, details: { resourceId: 'os-1' } },
  });
});

test('schema issues: unknown fields are named (TypeBox and ajv shapes), then the first bad field', () => {
  const typebox = {
    validationContext: 'body',
    validation: [
      { keyword: 'additionalProperties', instancePath: '', params: { additionalProperties: ['a', 'b'] } },
      { keyword: 'additionalProperties', instancePath: '/roles/0', params: { additionalProperties: ['x'] } },
    ],
  };
  assert.deepEqual(toErrorReply(typebox, 10).body, {
    code: 'InvalidArgument',
    message: "unknown fields 'a', 'b', 'roles.0.x' in body",
    retryable: false,
    details: { in: 'body', unknownFields: ['a', 'b', 'roles.0.x'] },
  });
  const ajv = {
    validationContext: 'querystring',
    validation: [
      { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'page' } },
    ],
  };
  assert.equal(toErrorReply(ajv, 10).body.message, "unknown field 'page' in querystring");
  const required = {
    validationContext: 'body',
    validation: [
      { keyword: 'required', instancePath: '', params: { requiredProperties: ['name'] }, message: 'x' },
    ],
  };
  assert.equal(toErrorReply(required, 10).body.message, "body field 'name' is required");
  const range = {
    validationContext: 'querystring',
    validation: [{ keyword: 'maximum', instancePath: '/pageSize', params: {}, message: 'must be <= 100' }],
  };
  assert.deepEqual(toErrorReply(range, 10), {
    status: 400,
    body: {
      code: 'InvalidArgument',
      message: "querystring field 'pageSize' must be <= 100",
      retryable: false,
      details: { in: 'querystring', field: 'pageSize' },
    },
  });
});

test("Fastify's body errors become InvalidArgument with a plain message", () => {
  const message = (error: unknown) => toErrorReply(error, 4096).body.message;
  assert.equal(
    message({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }),
    'request body is larger than the 4096-byte limit',
  );
  assert.equal(
    message({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }),
    'request body must be application/json',
  );
  assert.equal(
    message({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 }),
    'request body is empty; a JSON object is expected',
  );
  assert.equal(
    message(new SyntaxError('Unexpected token } in JSON at position 9')),
    'request body is not valid JSON',
  );
  assert.equal(message({ statusCode: 414 }), 'the request is malformed');
});

test('anything else is Internal, without its message (no SQL or stack reaches the client)', () => {
  const reply = toErrorReply(
    new Error('relation "os_profiles" violates constraint; SELECT * FROM api_tokens'),
    10,
  );
  assert.deepEqual(reply, {
    status: 500,
    body: { code: 'Internal', message: 'internal error', retryable: false },
  });
  assert.deepEqual(toErrorReply('a string', 10).status, 500);
  assert.deepEqual(toErrorReply(null, 10).status, 500);
});
