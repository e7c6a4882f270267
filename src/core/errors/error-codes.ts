/**
 * The one registry of error codes. A code is stable: once shipped it is never renamed or reused.
 * API codes keep EMF's names (clients coming from EMF match on them); the image engine and the
 * agent use SCREAMING_SNAKE codes that travel unchanged from the deepest layer to the operator.
 * docs/errors.md lists every code; a test keeps the two in step.
 */
export interface ErrorCodeInfo {
  /** HTTP status when this error answers an API request. */
  readonly status: number;
  /** Whether repeating the same operation may succeed. */
  readonly retryable: boolean;
  /** One line for docs/errors.md: what it means. */
  readonly summary: string;
}

const code = (status: number, retryable: boolean, summary: string): ErrorCodeInfo =>
  Object.freeze({ status, retryable, summary });

export const ERROR_CODES = Object.freeze({
  // --- API (EMF-compatible names) ---
  InvalidArgument: code(400, false, 'A field, a query parameter or the body is invalid.'),
  Unauthenticated: code(401, false, 'No bearer token, or a token that is unknown, expired or malformed.'),
  PermissionDenied: code(403, false, 'The token is valid but lacks the role this call needs.'),
  NotFound: code(404, false, 'No such resource in this project (or the project does not exist).'),
  AlreadyExists: code(409, false, 'A resource with the same unique key exists in this project.'),
  FailedPrecondition: code(409, false, 'The resource is in a state that forbids the call (e.g. in use).'),
  Unavailable: code(503, true, 'A dependency (the database) cannot be reached right now.'),
  Internal: code(500, false, 'An unexpected error; the log has the details.'),

  // --- image source (HTTPS fetch) ---
  TLS_UNTRUSTED: code(
    502,
    false,
    "The image server's certificate does not chain to the profile's certificate.",
  ),
  TLS_HOSTNAME_MISMATCH: code(502, false, "The image server's certificate does not name the URL's host."),
  TLS_CERT_EXPIRED: code(502, false, "The image server's certificate is expired or not yet valid."),
  HTTP_NOT_FOUND: code(502, false, 'The image server answered 404 Not Found.'),
  HTTP_FORBIDDEN: code(502, false, 'The image server answered 401 or 403.'),
  HTTP_STATUS: code(502, true, 'The image server answered an unexpected HTTP status.'),
  INSECURE_URL: code(400, false, 'A plain http:// URL was given where only https:// is allowed.'),
  CONNECT_FAILED: code(502, true, 'The image server could not be reached (DNS, refused, reset).'),
  DESTINATION_DENIED: code(
    403,
    false,
    "The image URL's host, address or port is refused by orchd's destination policy.",
  ),
  TIMEOUT: code(504, true, 'The image server stopped sending data for longer than the idle timeout.'),
  SOURCE_CHANGED: code(502, false, 'The image changed on the server while it was being downloaded.'),
  RANGE_UNSUPPORTED: code(502, false, 'The image server cannot serve byte ranges, which this image needs.'),
  TRUNCATED: code(502, true, 'The data ended before its declared or structural end.'),
  CHECKSUM_MISMATCH: code(422, false, 'The sha256 of the downloaded bytes differs from the profile.'),
  SOURCE_IO: code(500, true, 'A local copy of the image (a cached or given file) could not be read.'),

  // --- codec and formats ---
  UNSUPPORTED_FORMAT: code(422, false, 'The content is not a supported image format.'),
  FORMAT_MISMATCH: code(422, false, 'The declared format or compression contradicts the content.'),
  CORRUPT_DATA: code(422, false, 'Compressed or structured data is corrupt.'),
  ZSTD_WINDOW_TOO_LARGE: code(
    422,
    false,
    "A zstd frame declares a window over orchd's 128 MiB cap (zstd's own default limit).",
  ),
  DECODER_FAILED: code(500, false, 'A decompressor process failed for a reason other than bad data.'),

  // --- qcow2 ---
  QCOW2_BACKING_FILE: code(
    422,
    false,
    'The qcow2 image refers to a backing file; only self-contained images are accepted.',
  ),
  QCOW2_EXTERNAL_DATA: code(422, false, 'The qcow2 image keeps its data in an external file.'),
  QCOW2_ENCRYPTED: code(422, false, 'The qcow2 image is encrypted.'),
  QCOW2_UNSUPPORTED_FEATURE: code(
    422,
    false,
    'The qcow2 image uses an incompatible feature this reader does not know.',
  ),
  QCOW2_INVALID: code(422, false, 'The qcow2 header or tables are invalid (bounds, sizes, offsets).'),
  QCOW2_BOMB: code(422, false, 'The qcow2 tables imply more metadata or data than any real image needs.'),

  // --- disk sink ---
  TARGET_TOO_SMALL: code(422, false, 'The (virtual) image is larger than the target disk.'),
  IMAGE_TOO_LARGE: code(422, false, "The hosted or decoded image is larger than orchd's cap."),
  SOURCE_TOO_SLOW: code(504, true, "The download missed orchd's deadline or minimum rate."),
  SCRATCH_SPACE_LOW: code(503, true, "orchd's validation scratch space is used up; try again later."),
  TARGET_IO: code(500, false, 'Reading or writing the target disk failed.'),
  GPT_INVALID: code(422, false, 'The GPT is missing or invalid (signature, CRC, bounds).'),

  // --- filesystems inside an image ---
  FS_NOT_FOUND: code(422, false, 'A path inside an image filesystem does not exist or has the wrong type.'),
  FS_FILE_TOO_LARGE: code(
    422,
    false,
    'A file inside an image is larger than the reader was allowed to load.',
  ),

  // --- provisioning workflow ---
  STEP_TIMEOUT: code(504, true, 'A provisioning step had no word from its node for longer than its timeout.'),
  IMAGE_VALIDATION_FAILED: code(
    422,
    false,
    "The OS profile's image failed pre-flight validation, so the host was not provisioned.",
  ),
  RATE_LIMITED: code(429, true, 'Too many requests from this address; wait for Retry-After seconds.'),
  TOO_MANY_DRY_RUNS: code(
    429,
    true,
    'The project already runs as many image dry runs as orchd allows per project.',
  ),
  TOO_MANY_STREAMS: code(
    429,
    true,
    'The caller (or orchd in all) has as many event streams open as allowed.',
  ),

  // --- en-agent (edge node) ---
  STEP_PARAMS_INVALID: code(400, false, 'A workflow step arrived with parameters the agent cannot use.'),
  SECURE_BOOT_MISMATCH: code(
    409,
    false,
    "The firmware's Secure Boot state differs from what the profile expects.",
  ),
  DISK_NOT_FOUND: code(422, false, 'No disk to provision: none given, none found, or not a disk.'),
  DISK_TOO_SMALL: code(422, false, 'The disk is too small for the layout the profile needs.'),
  LAYOUT_UNEXPECTED: code(422, false, "The written image's partitions are not what the layout step needs."),
  ROOTFS_TOO_LARGE: code(
    422,
    false,
    "The image's root filesystem is larger than the fixed rootfs partition.",
  ),
  FDE_UNAVAILABLE: code(
    422,
    false,
    'Full disk encryption needs cryptsetup and a TPM, and the node lacks one.',
  ),
  BOOT_LOADER_MISSING: code(422, false, 'The ESP holds no boot loader (or UKI) the firmware can start.'),
  DRIVER_MISSING: code(
    422,
    false,
    "A PCI device of the node has no driver in the image's kernel and the gap was not accepted.",
  ),
  TOOL_FAILED: code(500, false, 'A system tool the agent runs (mke2fs, efibootmgr...) failed.'),
  ORCHESTRATOR_UNREACHABLE: code(503, true, 'The agent cannot reach orchd (network, TLS or a 5xx answer).'),
  ONBOARD_REFUSED: code(400, false, 'orchd refused the onboarding (UUID or serial mismatch).'),

  // --- generic ---
  ABORTED: code(499, false, 'The operation was cancelled.'),
});

export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `value` is one of the registered codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
