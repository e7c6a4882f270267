import { Type } from 'typebox';

import { PROJECT_NAME_PATTERN } from '../../core/projects/index.js';

/** A project name in a path or a body. */
export const ProjectName = Type.String({
  pattern: PROJECT_NAME_PATTERN,
  description: 'Lower-case letters, digits and -, 1..63 characters.',
});

/** One role of a token on a project; `write` implies `read`. */
export const RoleGrant = Type.Object(
  {
    project: ProjectName,
    role: Type.Union([Type.Literal('read'), Type.Literal('write')]),
  },
  { additionalProperties: false },
);

/** `{project}` path parameter. */
export const ProjectParams = Type.Object({ project: ProjectName }, { additionalProperties: false });
