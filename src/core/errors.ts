/**
 * The catalogue of domain errors: a stable code, an HTTP status, and (in web/i18n) a message in each
 * language. Services throw these; routes turn them into a page or `{error, message, fields}`.
 */
export const ERRORS = {
  VALIDATION_FAILED: 400,
  CSRF_INVALID: 403,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SPACE_NOT_FOUND: 404,
  MEMBERSHIP_NOT_FOUND: 404,
  COMMONS_NOT_FOUND: 404,
  TAG_NOT_FOUND: 404,
  IMPORT_NOT_FOUND: 404,
  IMPORT_FILE_INVALID: 400,
  IMPORT_FAILED: 409,
  POSSIBLE_DUPLICATE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  ENVELOPE_INSUFFICIENT: 409,
  TRANSFER_NOT_FOUND: 404,
  TRANSFER_NOT_PENDING: 409,
  TRANSFER_NOT_REVERSIBLE: 409,
  YEAR_CLOSED: 409,
  YEAR_HAS_PENDING: 409,
  SIREN_MISSING: 404,
  CLAIM_NOT_FOUND: 404,
  CLAIM_DECIDED: 409,
  CLAIM_NOT_APPROVED: 409,
  RECEIPT_NOT_FOUND: 404,
  RECEIPT_LIMIT: 409,
  TASK_NOT_FOUND: 404,
  TASK_GROUP_NOT_FOUND: 404,
  TASK_STATE: 409,
  TASK_EXPENSE: 409,
  HELLOASSO_NOT_CONFIGURED: 503,
  HELLOASSO_UNAVAILABLE: 502,
  RESET_LINK_INVALID: 400,
  CONFIRM_LINK_INVALID: 400,
  UNSUBSCRIBE_LINK_INVALID: 404,
  EMAIL_NOT_CONFIRMED: 403,
  WRONG_PASSWORD: 400,
  LOGIN_FAILED: 400,
  TOO_MANY_ATTEMPTS: 429,
  LOGIN_DELAYED: 429,
  SLUG_TAKEN: 409,
  ALREADY_MEMBER: 409,
  ALREADY_REQUESTED: 409,
  NOT_A_MEMBER: 409,
  MEMBER_NOT_ACTIVE: 409,
  NOT_PENDING: 409,
  LAST_FACILITATOR: 409,
  CONFLICT: 409,
  REFERENCE_MISSING: 409,
  BACKUP_INVALID: 400,
  DATABASE_NOT_EMPTY: 409,
  BACKUP_FILE_CONFLICT: 409,
  BAD_REQUEST: 400,
  MEETING_NOT_FOUND: 404,
  PAGE_NOT_FOUND: 404,
  REVISION_NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  PAGE_EXISTS: 409,
  EDIT_CONFLICT: 409,
  MEETING_STATE: 409,
  MINUTES_EMPTY: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  PAD_URL_INVALID: 400,
  PAD_ADDRESS_REFUSED: 400,
  PAD_TIMEOUT: 504,
  PAD_TOO_LARGE: 413,
  PAD_FETCH_FAILED: 502,
  PAD_NOT_TEXT: 400,
  PAD_EMPTY: 400,
  PROPOSAL_NOT_FOUND: 404,
  OBJECTION_NOT_FOUND: 404,
  PROPOSAL_CLOSED: 409,
  OBJECTION_RESOLVED: 409,
  DECISION_PENDING: 409,
  ADMISSION_BY_CONSENT: 409,
  SOCIAL_CODE_NOT_FOUND: 404,
  READ_ONLY: 409,
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** Field name → message key (see web/i18n), for errors shown next to form fields. */
export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  readonly status: number;
  /** Seconds before trying again is worth it (sent as `Retry-After`), for a refusal that passes. */
  readonly retryAfter: number | undefined;
  constructor(
    readonly code: ErrorCode,
    readonly fields: FieldErrors = {},
    options: { retryAfter?: number } = {},
  ) {
    super(code);
    this.status = ERRORS[code];
    this.retryAfter = options.retryAfter;
  }
}

export function validationError(fields: FieldErrors): DomainError {
  return new DomainError("VALIDATION_FAILED", fields);
}
