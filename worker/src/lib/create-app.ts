// createApp / createRouter: the middleware stack, the one error renderer and the OpenAPI hook, declared once.
import { OpenAPIHono } from '@hono/zod-openapi';
import { MAX_SAMPLE_BODY_BYTES, zodErrorsToProblem } from '@onestop/shared';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './context.ts';
import { isCheckViolation } from './d1.ts';
import { ApiError, PROBLEM_CONTENT_TYPE, problemBody } from './errors.ts';
import { createLogger } from './logger.ts';

export const MAX_JSON_BODY = 1024 * 1024;
export const MAX_BLOB_BODY = 10 * 1024 * 1024;
/** A sample (a sweep's outcomes over up to 5,000 dossiers, issue 14) may be larger than other JSON bodies. */
export const MAX_SAMPLE_BODY = MAX_SAMPLE_BODY_BYTES;

/** A JSON escape of a UTF-16 surrogate: the only way a lone one reaches us (UTF-8 bytes cannot encode it). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A parsed JSON value with every lone surrogate of its strings (keys included) replaced by U+FFFD. */
export function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(LONE_SURROGATE, '\ufffd'), wellFormed(v)]));
  }
  return value;
}

/** Paths whose bodies are raw bytes, not JSON (evidence blobs). */
const isBlobPath = (path: string) => /^\/api\/v1\/evidence\/[^/]+\/blob$/.test(path);
/** The one JSON path with a larger limit: POST /audits/{id}/samples. */
const isSamplePath = (path: string) => /^\/api\/v1\/audits\/[^/]+\/samples$/.test(path);

/** A router whose validation failures become problem+json with every field error listed. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result, c) => {
      if (!result.success) {
        const target = (result as { target?: string }).target ?? 'request';
        throw new ApiError(
          target === 'json' ? 422 : 400,
          'validation_failed',
          `The ${target === 'json' ? 'request body' : target} is not valid`,
          { errors: zodErrorsToProblem(result.error) },
        );
      }
      return undefined;
    },
  });
}

export function problemResponse(c: Context<AppEnv>, err: ApiError): Response {
  const body = problemBody(err.status, err.code, err.message, {
    errors: err.errors,
    extensions: err.extensions,
    instance: new URL(c.req.url).pathname,
    requestId: c.get('requestId'),
  });
  return c.body(JSON.stringify(body), err.status as ContentfulStatusCode, {
    'content-type': PROBLEM_CONTENT_TYPE,
    ...err.headers,
  });
}

/** Maps anything thrown by a handler to an ApiError; unknown errors become a generic 500. */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    const message = err.message || 'Request refused';
    if (err.status === 400 && /json/i.test(message)) {
      return new ApiError(400, 'malformed_json', 'The request body is not valid JSON');
    }
    if (err.status === 413) return new ApiError(413, 'body_too_large', message);
    return new ApiError(err.status, 'http_error', message);
  }
  if (err instanceof SyntaxError) {
    return new ApiError(400, 'malformed_json', 'The request body is not valid JSON');
  }
  if (isCheckViolation(err)) {
    // The schemas refuse what a column's CHECK would (control characters, lengths): a CHECK that still fails is a
    // value the schema let through, refused by the database with nothing written (a batch is one transaction).
    return new ApiError(422, 'value_not_storable', 'A value of the request cannot be stored (its length or characters)');
  }
  return undefined;
}

export function createApp() {
  const app = createRouter();

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || crypto.randomUUID();
    c.set('requestId', requestId);
    const log = createLogger({ request_id: requestId }, c.env?.APP_ENV === 'test');
    c.set('log', log);
    c.set('caller', undefined);
    const started = Date.now();
    await next();
    c.header('x-request-id', requestId);
    log.info('request', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Date.now() - started,
    });
  });

  // The app-wide headers. They never replace a header the handler set itself (`overwrite: false`): a response that
  // needs a stricter policy keeps it. The evidence download sends `default-src 'none'; sandbox`, which the app-wide
  // policy used to overwrite after the handler ran, so the sandbox never reached the browser (issue 13).
  app.use(
    '*',
    secureHeaders({
      overwrite: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );

  // Bodies are bounded before anything reads them: 10 MiB for evidence blobs, 2 MiB for a sample, 1 MiB for
  // everything else.
  app.use('/api/*', async (c, next) => {
    const max = isBlobPath(c.req.path) ? MAX_BLOB_BODY : isSamplePath(c.req.path) ? MAX_SAMPLE_BODY : MAX_JSON_BODY;
    return bodyLimit({
      maxSize: max,
      onError: () => {
        throw new ApiError(413, 'body_too_large', `The request body is larger than ${max} bytes`);
      },
    })(c, next);
  });

  // Every API body except a blob upload is JSON; anything else is refused before validation.
  app.use('/api/*', async (c, next) => {
    const method = c.req.method;
    if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && !isBlobPath(c.req.path)) {
      const type = c.req.header('content-type') ?? '';
      const length = c.req.header('content-length');
      const hasBody = length === undefined ? c.req.raw.body !== null : length !== '0';
      if (hasBody && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the request body as application/json');
      }
      if (hasBody) {
        // JSON may carry a lone UTF-16 surrogate ("\ud800"), which UTF-8 cannot store: D1 would keep it as three
        // U+FFFD in a column and as itself inside a JSON column. Every string is made well-formed here, once, so a
        // value reads back the same everywhere (one U+FFFD per lone surrogate).
        const raw = await c.req.text();
        if (SURROGATE_ESCAPE.test(raw)) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw);
          } catch {
            throw new ApiError(400, 'malformed_json', 'The request body is not valid JSON');
          }
          // Hono's json() parses the cached text; its cache holds promises (typed as the values they resolve to).
          (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(JSON.stringify(wellFormed(parsed)));
        }
      }
    }
    await next();
  });

  app.onError((err, c) => {
    const known = toApiError(err);
    if (known?.code === 'value_not_storable') {
      // Answered as the client's fault, but logged: the schema of that field should have refused the value.
      c.get('log')?.warn('check constraint failed', { error: err instanceof Error ? err.message : String(err) });
    }
    if (known) return problemResponse(c, known);
    c.get('log')?.error('unhandled error', {
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return problemResponse(c, new ApiError(500, 'internal_error', 'Something went wrong on our side; the request id identifies it in our logs'));
  });

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) {
      return problemResponse(c, new ApiError(404, 'route_not_found', `No route for ${c.req.method} ${c.req.path}`));
    }
    return problemResponse(c, new ApiError(404, 'not_found', 'Not found'));
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
