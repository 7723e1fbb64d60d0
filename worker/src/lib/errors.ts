// The one expected-failure type of the API; rendered as RFC 9457 problem+json by the app's onError.
import type { ProblemFieldError } from '@onestop/shared';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  /** Extra RFC 9457 members (e.g. the coverage numbers of a refused gate). */
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    detail: string,
    options: { errors?: ProblemFieldError[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (detail: string) => new ApiError(403, 'forbidden', detail);
export const conflict = (code: string, detail: string) => new ApiError(409, code, detail);
export const unprocessable = (code: string, detail: string, errors?: ProblemFieldError[]) =>
  new ApiError(422, code, detail, errors ? { errors } : {});

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemBody(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: ProblemFieldError[] | undefined; instance?: string; requestId?: string; extensions?: Record<string, unknown> | undefined } = {},
) {
  return {
    ...extra.extensions,
    type: `urn:onestop:problem:${code.replaceAll("_", "-")}`,
    title: statusTitle(status),
    status,
    detail,
    code,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.requestId ? { request_id: extra.requestId } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: extra.errors } : {}),
  };
}
