// The dashboard's one door to the API: same-origin fetch with the session cookie, every response parsed with a
// zod schema, every failure turned into an ApiProblem (RFC 9457 fields, plus `network` and `bad_response`).
import { ProblemSchema, type ProblemFieldError } from '@onestop/shared';
import type { z } from 'zod';

export const API_BASE = '/api/v1';

/** A failed request, as the UI shows it: the server's problem detail or what went wrong on the way. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly ProblemFieldError[];
  readonly requestId: string | null;

  constructor(p: { status: number; code: string; title: string; detail?: string | undefined; errors?: readonly ProblemFieldError[] | undefined; requestId?: string | null | undefined }) {
    super(p.detail ?? p.title);
    this.name = 'ApiProblem';
    this.status = p.status;
    this.code = p.code;
    this.title = p.title;
    this.detail = p.detail ?? '';
    this.errors = p.errors ?? [];
    this.requestId = p.requestId ?? null;
  }

  /** The message of the field at `$.name` (or `$.name[…]`), if the server or the client named it. */
  fieldError(name: string): string | undefined {
    const hit = this.errors.find((e) => e.path === `$.${name}` || e.path.startsWith(`$.${name}.`) || e.path.startsWith(`$.${name}[`));
    return hit?.message;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface Api {
  get<S extends z.ZodType>(path: string, schema: S, query?: Query): Promise<z.output<S>>;
  send<S extends z.ZodType>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown, schema: S): Promise<z.output<S>>;
  /** A request answered with 204 (sign-out, ending sessions). */
  sendEmpty(method: 'POST' | 'DELETE', path: string): Promise<void>;
  /** Uploads raw bytes (evidence blobs). */
  putBlob<S extends z.ZodType>(path: string, blob: Blob, headers: Record<string, string>, schema: S): Promise<z.output<S>>;
  /** Downloads raw bytes (evidence blobs are attachments; the UI shows them through object URLs). */
  getBlob(path: string): Promise<Blob>;
}

export interface ApiOptions {
  /** Called when a signed-in request answers 401: the session ended. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

async function problemOf(res: Response): Promise<ApiProblem> {
  const requestId = res.headers.get('x-request-id');
  try {
    const parsed = ProblemSchema.safeParse(await res.json());
    if (parsed.success) return new ApiProblem({ ...parsed.data, requestId: parsed.data.request_id ?? requestId });
  } catch {
    // not JSON: fall through to a generic problem
  }
  return new ApiProblem({ status: res.status, code: `http_${res.status}`, title: res.statusText || `HTTP ${res.status}`, requestId });
}

export function createApi(opts: ApiOptions = {}): Api {
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(`${API_BASE}${path}`, { credentials: 'same-origin', ...init });
    } catch (err) {
      throw new ApiProblem({ status: 0, code: 'network', title: 'Network error', detail: err instanceof Error ? err.message : String(err) });
    }
    if (!res.ok) {
      const problem = await problemOf(res);
      if (res.status === 401 && path !== '/auth/login') opts.onUnauthorized?.();
      throw problem;
    }
    return res;
  }

  async function parse<S extends z.ZodType>(res: Response, schema: S, path: string): Promise<z.output<S>> {
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new ApiProblem({ status: res.status, code: 'bad_response', title: 'Bad response', detail: `${path} did not answer JSON` });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? `${first.path.join('.')}: ${first.message}` : '';
      throw new ApiProblem({ status: res.status, code: 'bad_response', title: 'Bad response', detail: `${path} answered data the dashboard does not understand (${where})` });
    }
    return parsed.data;
  }

  return {
    async get(path, schema, query) {
      const full = withQuery(path, query);
      return parse(await call(full, { headers: { accept: 'application/json' } }), schema, full);
    },
    async send(method, path, body, schema) {
      const res = await call(path, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      return parse(res, schema, path);
    },
    async sendEmpty(method, path) {
      await call(path, { method });
    },
    async putBlob(path, blob, headers, schema) {
      return parse(await call(path, { method: 'PUT', headers, body: blob }), schema, path);
    },
    async getBlob(path) {
      return (await call(path, {})).blob();
    },
  };
}

/** Turns anything thrown into an ApiProblem, so stores keep one error type. */
export function toProblem(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  return new ApiProblem({ status: 0, code: 'client_error', title: 'Error', detail: err instanceof Error ? err.message : String(err) });
}
