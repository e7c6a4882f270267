import { listInputs, quoteInput, rule, truncateInput } from './field-issue.js';

/** Longest `name`, in characters (code points), as in EMF. */
export const NAME_MAX_LENGTH = 128;
/** Longest `profileName`, in characters. */
export const PROFILE_NAME_MAX_LENGTH = 128;
/** Longest `imageUrl`: room for pre-signed URLs, whose query strings run to a few KiB. */
export const IMAGE_URL_MAX_LENGTH = 4096;
/** Longest `imageId` (OS image version). */
export const IMAGE_ID_MAX_LENGTH = 64;
/** Longest `architecture`. */
export const ARCHITECTURE_MAX_LENGTH = 32;
/** Longest `description`, in characters. */
export const DESCRIPTION_MAX_LENGTH = 2048;
/** Longest `installedPackages`, `existingCves`, `fixedCves`, `platformBundle` text. */
export const TEXT_FIELD_MAX_LENGTH = 65536;
/** Longest `installedPackagesUrl` (EMF's limit). */
export const INSTALLED_PACKAGES_URL_MAX_LENGTH = 200;
/** Longest `existingCvesUrl`, `fixedCvesUrl` and `repoUrl` (EMF's limit). */
export const REFERENCE_URL_MAX_LENGTH = 500;
/** Longest `profileVersion`. */
export const PROFILE_VERSION_MAX_LENGTH = 128;
/** Longest metadata key, in characters. */
export const METADATA_KEY_MAX_LENGTH = 128;
/** Longest `secureBootDbx` text: a few hundred hashes and certificates. */
export const SECURE_BOOT_DBX_MAX_LENGTH = 1048576;
/** Largest metadata, measured as its compact JSON text (EMF allows 500; edge-orch is roomier). */
export const METADATA_MAX_JSON_LENGTH = 4096;

const quote = quoteInput;
const list = (items: readonly string[]): string => items.join(', ');

/**
 * Every rule of an OS profile body, with its stable id and the one message for it. The rule checks in
 * orchd, orch-cli and the web console builds issues only from these, so the words never drift.
 */
export const PROFILE_RULES = Object.freeze({
  bodyObject: rule('body.object', () => 'The body must be a JSON object of OS profile fields.'),
  unknownField: rule(
    'field.unknown',
    (names: readonly string[], accepted: readonly string[]) =>
      `Unknown field${names.length > 1 ? 's' : ''} ${listInputs(names)}; accepted fields are ${list(accepted)}.`,
  ),
  serverControlled: rule(
    'field.server-controlled',
    (names: readonly string[]) =>
      `${list(names)} ${names.length > 1 ? 'are' : 'is'} set by the server and cannot be given by a client.`,
  ),
  fieldType: rule('field.type', (field: string, expected: string) => `${field} must be ${expected}.`),
  /** The deny-list parser's sentence (src/core/secure-boot), naming the line. */
  secureBootDbx: rule('secureBootDbx.format', (problem: string) => problem),
  secureBootDbxLength: rule(
    'secureBootDbx.length',
    () => `secureBootDbx must be at most ${SECURE_BOOT_DBX_MAX_LENGTH} characters.`,
  ),
  /** The SBAT parser's sentence, naming the line. */
  sbatLevel: rule('sbatLevel.format', (problem: string) => `${problem}.`),
  immutableField: rule(
    'field.immutable',
    (field: string) =>
      `${field} cannot be changed after the profile is created; create a new profile instead.`,
  ),

  nameRequired: rule('name.required', () => 'name is required.'),
  nameLength: rule('name.length', () => `name must be 1 to ${NAME_MAX_LENGTH} characters long.`),
  nameCharacters: rule(
    'name.characters',
    () => 'name must not contain control characters (tabs, line breaks).',
  ),
  nameInvisible: rule(
    'name.invisible',
    () =>
      'name must not contain invisible or bidirectional characters (zero-width spaces, direction marks and overrides): they make two names look the same.',
  ),

  profileNameRequired: rule(
    'profileName.required',
    () => 'profileName is required (e.g. ubuntu-22.04-lts-generic).',
  ),
  profileNameFormat: rule(
    'profileName.format',
    () =>
      `profileName must be at most ${PROFILE_NAME_MAX_LENGTH} characters of letters, digits, '.', '_' and '-', ` +
      'starting with a letter or digit (e.g. ubuntu-22.04-lts-generic).',
  ),

  imageUrlRequired: rule(
    'imageUrl.required',
    () => 'imageUrl is required: an https:// URL, or a path relative to the Release Service file server.',
  ),
  imageUrlHttp: rule(
    'imageUrl.http',
    () =>
      'imageUrl must use https://, not http://: nodes write this image to their disk, and over plain http ' +
      'anyone on the network path could replace it unnoticed.',
  ),
  imageUrlScheme: rule(
    'imageUrl.scheme',
    (scheme: string) =>
      `imageUrl must be an https:// URL or a path relative to the Release Service file server, not a ${truncateInput(scheme)}: URL.`,
  ),
  imageUrlCharacter: rule(
    'imageUrl.character',
    (character: string, position: number) =>
      `imageUrl contains ${quote(character)} at position ${position}, which is not allowed in a URL; ` +
      'percent-encode it (a space is %20).',
  ),
  imageUrlPercent: rule(
    'imageUrl.percent',
    (position: number) =>
      `imageUrl has a '%' at position ${position} that is not followed by two hex digits; write a literal % as %25.`,
  ),
  imageUrlInvalid: rule(
    'imageUrl.invalid',
    () => 'imageUrl is not a valid URL: it needs a host name, e.g. https://images.example.com/os.img.',
  ),
  imageUrlCredentials: rule(
    'imageUrl.credentials',
    () =>
      'imageUrl must not contain a user name or password (user:pass@host): it would be stored and shown in clear.',
  ),
  imageUrlRelative: rule(
    'imageUrl.relative',
    () => "imageUrl is a relative path, which must not start with '//' nor contain '..' segments.",
  ),
  imageUrlLength: rule(
    'imageUrl.length',
    () => `imageUrl must be at most ${IMAGE_URL_MAX_LENGTH} characters.`,
  ),

  sha256Required: rule(
    'sha256.required',
    () => 'sha256 is required: the SHA-256 of the image file exactly as hosted.',
  ),
  sha256Format: rule(
    'sha256.format',
    () => 'sha256 must be 64 hexadecimal characters: the SHA-256 of the image file exactly as hosted.',
  ),

  imageIdRequired: rule(
    'imageId.required',
    () => 'imageId (the OS image version, e.g. 22.04.5) is required.',
  ),
  imageIdFormat: rule(
    'imageId.format',
    () =>
      `imageId must be at most ${IMAGE_ID_MAX_LENGTH} characters of letters, digits, '.', '_', '-' and '+', ` +
      'starting with a letter or digit (e.g. 22.04.5 or 3.0.20260602.2200).',
  ),

  osTypeRequired: rule(
    'osType.required',
    () => 'osType is required: OS_TYPE_MUTABLE (e.g. Ubuntu) or OS_TYPE_IMMUTABLE (Edge Microvisor Toolkit).',
  ),
  ubuntuMutable: rule(
    'osType.ubuntu-mutable',
    () =>
      'osType must be OS_TYPE_MUTABLE for an Ubuntu profile: Ubuntu is a mutable OS, updated in place with apt.',
  ),
  emtImmutable: rule(
    'osType.emt-immutable',
    () =>
      'osType must be OS_TYPE_IMMUTABLE for an Edge Microvisor Toolkit (EMT) profile: EMT is an immutable ' +
      'image, updated as a whole (A/B) and protected by dm-verity.',
  ),

  architectureFormat: rule(
    'architecture.format',
    () =>
      `architecture must be 1 to ${ARCHITECTURE_MAX_LENGTH} characters of letters, digits, '_' and '-' (e.g. x86_64).`,
  ),
  descriptionLength: rule(
    'description.length',
    () => `description must be at most ${DESCRIPTION_MAX_LENGTH} characters.`,
  ),
  descriptionCharacters: rule(
    'description.characters',
    () => 'description must not contain control characters other than tab and line breaks.',
  ),
  textCharacters: rule(
    'text.characters',
    (field: string) => `${field} must not contain control characters other than tab and line breaks.`,
  ),
  textLength: rule(
    'text.length',
    (field: string) => `${field} must be at most ${TEXT_FIELD_MAX_LENGTH} characters.`,
  ),

  referenceUrlFormat: rule(
    'referenceUrl.format',
    (field: string) =>
      `${field} must be a URL or a relative path without spaces or control characters (e.g. https://example.com/manifest.json), or ''.`,
  ),
  referenceUrlLength: rule(
    'referenceUrl.length',
    (field: string, max: number) => `${field} must be at most ${max} characters.`,
  ),
  profileVersionFormat: rule(
    'profileVersion.format',
    () =>
      `profileVersion must be at most ${PROFILE_VERSION_MAX_LENGTH} characters without control characters (e.g. 0.2.0).`,
  ),

  metadataFormat: rule(
    'metadata.format',
    () =>
      'metadata must be a JSON object (or its JSON text) of string values, e.g. {"skip_kernel_upgrade":"true"}.',
  ),
  metadataValueCharacters: rule(
    'metadata.value-characters',
    (key: string) =>
      `metadata ${quote(key)} must not contain control characters other than tab and line breaks.`,
  ),
  metadataValue: rule(
    'metadata.value',
    (key: string) =>
      `metadata ${quote(key)} must have a string, number or boolean value; nested objects, arrays and null are not allowed.`,
  ),
  metadataKey: rule(
    'metadata.key',
    (key: string) =>
      `metadata key ${quote(key)} must be 1 to ${METADATA_KEY_MAX_LENGTH} characters without control characters.`,
  ),
  metadataSize: rule(
    'metadata.size',
    () => `metadata must be at most ${METADATA_MAX_JSON_LENGTH} characters as JSON.`,
  ),
  metadataBoolean: rule(
    'metadata.boolean',
    (key: string, value: string) => `metadata ${quote(key)} must be "true" or "false", not ${quote(value)}.`,
  ),
  metadataKernelVersion: rule(
    'metadata.kernel-version',
    (key: string, value: string) =>
      `metadata ${quote(key)} must name a kernel package such as linux-image-5.15.0-1035-generic, not ${quote(value)}.`,
  ),
  metadataConflict: rule(
    'metadata.conflict',
    (first: string, second: string) =>
      `metadata ${quote(first)} and ${quote(second)} set the same option to different values; keep one of them.`,
  ),
});
