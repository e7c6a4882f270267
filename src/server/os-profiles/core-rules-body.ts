import type { FastifyRouteSchemaDef, FastifyValidationResult } from 'fastify/types/schema.js';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';

/**
 * A validator compiler for routes whose body rules live in src/core (OS profiles): the body schema
 * only documents the fields in the OpenAPI document, and the body reaches the handler as sent,
 * where core's rules refuse non-objects, unknown fields and every broken rule with the one
 * message the CLI and the web console show too. Params and query strings are checked against
 * their schemas as usual.
 */
export function coreRulesBody(route: FastifyRouteSchemaDef<unknown>): FastifyValidationResult {
  if (route.httpPart === 'body') return (value: unknown) => ({ value });
  return TypeBoxValidatorCompiler(route as never) as FastifyValidationResult;
}
