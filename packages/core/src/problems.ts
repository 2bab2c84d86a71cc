// Problems (RFC 9457): the one error type domain code throws; the HTTP layer renders it as problem+json.

export interface FieldError {
  /** Where the bad value is: `body.email`, `query.limit`, `path.userId`, `header.if-match`. */
  path: string;
  message: string;
}

export const PROBLEM_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
};

export const PROBLEM_TYPE_BASE = 'https://ismf.dev/problems/';

/**
 * Every problem type the API answers, by the last segment of its URI: its status. Each has a page in
 * docs/problems.md (a test holds the two together), which the local server serves at /problems/<type>.
 */
export const PROBLEM_TYPES = {
  'invalid-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  gone: 410,
  'stale-version': 412,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'version-required': 428,
  'internal-error': 500,
} as const satisfies Record<string, number>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly errors: FieldError[];
  /** Members beyond the standard ones (RFC 9457 3.2): a merged record's `mergedInto`. */
  readonly extensions: Record<string, unknown>;
  /** Headers the answer carries: a merged record's `Location`. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    slug: ProblemType,
    detail: string,
    errors: FieldError[] = [],
    more: { extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'Problem';
    this.status = status;
    this.type = `${PROBLEM_TYPE_BASE}${slug}`;
    this.title = PROBLEM_TITLES[status] ?? 'Error';
    this.errors = errors;
    this.extensions = more.extensions ?? {};
    this.headers = more.headers ?? {};
  }

  toJSON(instance?: string) {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      errors: this.errors,
      ...this.extensions,
    };
  }
}

export const problems = {
  invalid: (detail: string, errors: FieldError[]) => new Problem(400, 'invalid-request', detail, errors),
  unauthorized: (detail: string) => new Problem(401, 'unauthorized', detail),
  forbidden: (detail: string) => new Problem(403, 'forbidden', detail),
  /** Another tenant's record answers exactly like a missing one. */
  notFound: (what: string) => new Problem(404, 'not-found', `${what} was not found`),
  conflict: (detail: string, errors: FieldError[] = []) => new Problem(409, 'conflict', detail, errors),
  /** A record that went into another (a merged asset): where it lives on, as a member and as Location. */
  gone: (detail: string, movedTo: { member: string; id: string; location: string }) =>
    new Problem(410, 'gone', detail, [], { extensions: { [movedTo.member]: movedTo.id }, headers: { location: movedTo.location } }),
  stale: (detail: string) => new Problem(412, 'stale-version', detail, [{ path: 'header.if-match', message: detail }]),
  versionRequired: () =>
    new Problem(428, 'version-required', 'this update needs an If-Match header with the version from the ETag', [
      { path: 'header.if-match', message: 'required' },
    ]),
  unprocessable: (detail: string, errors: FieldError[] = []) => new Problem(422, 'unprocessable', detail, errors),
};
