/**
 * Small validators for step parameters: each names the field that is wrong (STEP_PARAMS_INVALID).
 * @module
 */
import { OrchError } from '../../core/errors/index.js';

/** The parameters as an object, or STEP_PARAMS_INVALID. */
export function paramsObject(kind: string, params: unknown): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw invalid(kind, 'params', 'an object', params);
  return params as Record<string, unknown>;
}

/** A string field (optionally matching `pattern`). */
export function stringField(
  kind: string,
  params: Record<string, unknown>,
  field: string,
  pattern?: RegExp,
): string {
  const value = params[field];
  if (typeof value !== 'string' || (pattern && !pattern.test(value))) {
    throw invalid(kind, field, pattern ? `a string matching ${pattern}` : 'a string', value);
  }
  return value;
}

/** A string field or null. */
export function nullableString(
  kind: string,
  params: Record<string, unknown>,
  field: string,
  pattern?: RegExp,
): string | null {
  return params[field] === null ? null : stringField(kind, params, field, pattern);
}

/** A whole number in [min, max]. */
export function intField(
  kind: string,
  params: Record<string, unknown>,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = params[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(kind, field, `a whole number in ${min}..${max}`, value);
  }
  return value;
}

/** A number >= min, or null. */
export function nullableNumber(
  kind: string,
  params: Record<string, unknown>,
  field: string,
  min: number,
): number | null {
  const value = params[field];
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw invalid(kind, field, `a number >= ${min} or null`, value);
  return value;
}

/** One of `choices`. */
export function choiceField<T extends string>(
  kind: string,
  params: Record<string, unknown>,
  field: string,
  choices: readonly T[],
): T {
  const value = params[field];
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value))
    throw invalid(kind, field, choices.join(' | '), value);
  return value as T;
}

function invalid(kind: string, field: string, expected: string, actual: unknown): OrchError {
  return new OrchError(
    'STEP_PARAMS_INVALID',
    `step ${kind}: ${field} must be ${expected}, got ${JSON.stringify(actual) ?? 'nothing'}`,
    {
      details: { step: kind, field, expected },
    },
  );
}
