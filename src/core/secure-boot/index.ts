/**
 * Secure Boot policy inputs: SBAT entries and revocation levels, and a deny list's text form.
 * @module
 */
export { parseSbat, parseSbatLevel, sbatRevocations, sbatText } from './sbat.js';
export type { SbatEntry, SbatLevelEntry, SbatParse, SbatRevocation } from './sbat.js';
export { DBX_MAX_HASHES, parseDbxInput } from './dbx-input.js';
export type { DbxInput, DbxParse } from './dbx-input.js';
