import { Type } from 'typebox';

/** A string enum as plain JSON schema (`enum`), typed as the union of its values. */
export const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

/** `schema` or null. */
export const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(
  schema: T,
  description?: string,
) => Type.Union([schema, Type.Null()], description ? { description } : {});
