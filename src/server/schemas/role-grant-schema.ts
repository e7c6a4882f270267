import { Type } from 'typebox';

/**
 * Project names: lower-case letters, digits and `-`, 1..63, starting and ending alphanumeric
 * (a DNS label, so a name is safe in URLs, metric labels and OIDC role names).
 */
export const PROJECT_NAME_PATTERN = '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$';

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
