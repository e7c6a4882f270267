/**
 * @module
 * Pre-flight image validation: {@link validateImage} and the report types, the checks' policy
 * defaults, and the facts a report carries.
 */
export { validateImage } from './validate-image.js';
export type {
  ValidateImageInput,
  ValidateImageOptions,
  ValidationProgressEvent,
  ValidationReport,
  ValidationStage,
  ValidationState,
} from './validation-types.js';
export type { HostedTap } from '../pipeline/hosted-tap.js';
export type { ImageSourceRequest, OpenImageSource } from '../source/image-source.js';
export { DEFAULT_VALIDATION_POLICY, resolvePolicy } from '../checks/check-policy.js';
export type { CheckResult, CheckStatus, ValidationPolicy } from '../checks/check-types.js';
export type {
  EfiBinaryFacts,
  GptFacts,
  ImageFacts,
  PartitionFacts,
  UkiCmdlineFacts,
} from '../inspect/image-facts.js';
