/**
 * A small checker for EMF wire shapes: the subset of OpenAPI schema keywords EMF's document uses
 * on its resources (type, enum, pattern, maxLength, minLength, required, readOnly, nested objects
 * and arrays). Written for the compatibility tests; no dependency on an OpenAPI library, so what a
 * rule means is visible here.
 */

/** One field of an EMF shape. */
export type EmfField =
  | {
      readonly type: 'string';
      readonly enum?: readonly string[];
      /** EMF's pattern, as its document writes it (checked with the `u` flag). */
      readonly pattern?: string;
      readonly maxLength?: number;
      readonly minLength?: number;
      readonly readOnly?: boolean;
    }
  | { readonly type: 'integer' | 'boolean'; readonly readOnly?: boolean }
  | {
      readonly type: 'object';
      readonly shape: EmfShape;
      readonly readOnly?: boolean;
      readonly nullable?: boolean;
    }
  | { readonly type: 'array'; readonly items: EmfField; readonly readOnly?: boolean };

/** An object shape: its fields and which are required. */
export interface EmfShape {
  readonly name: string;
  readonly fields: Readonly<Record<string, EmfField>>;
  readonly required?: readonly string[];
}

/** What {@link checkEmfShape} found. */
export interface ShapeReport {
  /** Broken rules, as `path: reason`. Empty when the value has EMF's shape. */
  readonly violations: string[];
  /** Fields the value has that EMF's shape does not (edge-orch's additions), as paths. */
  readonly extras: string[];
}

/**
 * Checks `value` against `shape`. Every field of EMF's shape is expected to be present (grpc-gateway
 * emits unpopulated fields), except where `present` says otherwise; extra fields are reported apart.
 */
export function checkEmfShape(
  value: unknown,
  shape: EmfShape,
  options: { readonly allPresent?: boolean } = {},
): ShapeReport {
  const report: ShapeReport = { violations: [], extras: [] };
  checkObject(value, shape, shape.name, options.allPresent ?? true, report);
  return report;
}

function checkObject(
  value: unknown,
  shape: EmfShape,
  path: string,
  allPresent: boolean,
  report: ShapeReport,
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report.violations.push(`${path}: expected an object, got ${describe(value)}`);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const name of shape.required ?? []) {
    if (!(name in record)) report.violations.push(`${path}.${name}: required by EMF, missing`);
  }
  for (const [name, field] of Object.entries(shape.fields)) {
    if (!(name in record)) {
      if (allPresent) report.violations.push(`${path}.${name}: missing (EMF always sends it)`);
      continue;
    }
    checkField(record[name], field, `${path}.${name}`, allPresent, report);
  }
  for (const name of Object.keys(record)) {
    if (!Object.hasOwn(shape.fields, name)) report.extras.push(`${path}.${name}`);
  }
}

function checkField(
  value: unknown,
  field: EmfField,
  path: string,
  allPresent: boolean,
  report: ShapeReport,
): void {
  switch (field.type) {
    case 'string': {
      if (typeof value !== 'string') {
        report.violations.push(`${path}: expected a string, got ${describe(value)}`);
        return;
      }
      if (field.enum && !field.enum.includes(value))
        report.violations.push(`${path}: ${value} is not one of EMF's values`);
      const length = [...value].length;
      if (field.maxLength !== undefined && length > field.maxLength)
        report.violations.push(`${path}: ${length} characters, EMF allows ${field.maxLength}`);
      if (field.minLength !== undefined && length < field.minLength)
        report.violations.push(`${path}: ${length} characters, EMF needs ${field.minLength}`);
      if (field.pattern !== undefined && !emfPattern(field.pattern).test(value))
        report.violations.push(`${path}: ${JSON.stringify(value.slice(0, 60))} does not match EMF's pattern`);
      return;
    }
    case 'integer':
      if (!Number.isInteger(value))
        report.violations.push(`${path}: expected an integer, got ${describe(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        report.violations.push(`${path}: expected a boolean, got ${describe(value)}`);
      return;
    case 'object':
      if (value === null && field.nullable) return;
      checkObject(value, field.shape, path, allPresent, report);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        report.violations.push(`${path}: expected an array, got ${describe(value)}`);
        return;
      }
      value.forEach((item, index) => checkField(item, field.items, `${path}[${index}]`, allPresent, report));
      return;
  }
}

/**
 * EMF's patterns are RE2 syntax; as JavaScript they need the `u` flag only for `\p{…}` classes,
 * and must go without it elsewhere (EMF escapes a space as `\ `, which `u` refuses).
 */
function emfPattern(pattern: string): RegExp {
  return new RegExp(pattern, pattern.includes('\\p{') ? 'u' : '');
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** The names of the fields a client may not set (readOnly in EMF's document). */
export function readOnlyFields(shape: EmfShape): string[] {
  return Object.entries(shape.fields)
    .filter(([, field]) => field.readOnly === true)
    .map(([name]) => name);
}
