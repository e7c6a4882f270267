export {
  CHECK_STATUSES,
  isFinishedValidationState,
  VALIDATION_STATES,
  VALIDATION_VERDICTS,
} from './validation-states.js';
export type { CheckStatus, ValidationState, ValidationVerdict } from './validation-states.js';
