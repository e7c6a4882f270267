import { OrchError } from '../../core/errors/index.js';

/** A create body without its `validate` option, and whether validation should start. */
export interface SplitCreateBody {
  readonly profileBody: unknown;
  readonly validate: boolean;
}

/**
 * Takes the `validate` option out of a create body: true (the default) starts image validation
 * after the create, false does not. It is never stored. Anything but a boolean is refused with
 * InvalidArgument naming the field; a body that is not an object passes on unchanged, for core's
 * own message.
 */
export function splitValidateFlag(body: unknown): SplitCreateBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('validate' in body)) {
    return { profileBody: body, validate: true };
  }
  const { validate, ...profileBody } = body as Record<string, unknown>;
  if (validate === undefined) return { profileBody, validate: true };
  if (typeof validate !== 'boolean') {
    throw new OrchError('InvalidArgument', 'validate must be true or false.', {
      details: { field: 'validate' },
    });
  }
  return { profileBody, validate };
}
