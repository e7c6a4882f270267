/**
 * @module
 * Which OS an os-release describes: Ubuntu (ID=ubuntu) or Edge Microvisor Toolkit (NAME and ID
 * "Edge Microvisor Toolkit", with spaces), or something else.
 */

/** What EMT writes as NAME and ID. */
export const EMT_NAME = 'Edge Microvisor Toolkit';

/** The OS family an os-release identifies. */
export type FoundOs = 'ubuntu' | 'emt' | 'other';

/** The family of `osRelease`. */
export function identifyOs(osRelease: Readonly<Record<string, string>>): FoundOs {
  if (osRelease.ID?.toLowerCase() === 'ubuntu') return 'ubuntu';
  if (osRelease.ID === EMT_NAME || osRelease.NAME === EMT_NAME) return 'emt';
  return 'other';
}

/** `ID=ubuntu NAME="Ubuntu"` style summary of the identifying fields found. */
export function identityText(osRelease: Readonly<Record<string, string>>): string {
  const fields = ['ID', 'NAME', 'VERSION_ID', 'VERSION'].filter((key) => osRelease[key] !== undefined);
  if (fields.length === 0) return 'an os-release without ID, NAME or VERSION';
  return fields.map((key) => `${key}="${osRelease[key]}"`).join(' ');
}
