import { describe, expect, test } from 'vitest';
import { ValidationReport, ValidationView } from '../../api/validation-schemas.js';
import { isVerdict } from './use-validation-stream.js';

/** The `enum` of a string property of an API schema. */
const enumOf = (schema: { properties: Record<string, unknown> }, key: string): string[] =>
  (schema.properties[key] as { enum: string[] }).enum;

describe("the console's validation states are the API's", () => {
  test("exactly the report's verdicts end the stream; pending and running do not", () => {
    const states = enumOf(ValidationView, 'state');
    const verdicts = enumOf(ValidationReport, 'state');
    expect(states).toEqual(['pending', 'running', 'passed', 'warned', 'failed']);
    expect(states.filter(isVerdict)).toEqual(verdicts);
    expect(['pending', 'running'].map(isVerdict)).toEqual([false, false]);
  });

  test('a state the API never sends (cancelled) is not taken for a verdict', () => {
    expect(enumOf(ValidationView, 'state')).not.toContain('cancelled');
    expect(isVerdict('cancelled')).toBe(false);
  });
});
