// OpenAPI helpers: the problem+json response every route lists for its refusals.
import { z } from '@hono/zod-openapi';

export const ProblemOpenApiSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:onestop:problem:validation-failed' }),
    title: z.string().openapi({ example: 'Unprocessable Content' }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().optional(),
    code: z.string().openapi({ example: 'validation_failed' }),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (bad JSON, bad query or path parameter)',
  401: 'Not signed in, or the session expired',
  403: 'Signed in, but this action is not allowed for the caller',
  404: 'Not found, or outside the caller\'s scope (the same answer as for an id that does not exist)',
  409: 'Conflict with the current state (version or workflow gate)',
  413: 'Body larger than the limit',
  415: 'Body is not JSON (for an evidence blob: not sent as the type the evidence announced)',
  422: 'Body failed validation; `errors` lists each field (also a client timestamp out of range, or blob bytes that are not of the announced type)',
  429: 'Too many attempts; see Retry-After',
  503: 'A dependency (D1) is unavailable',
};

export function problemResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemOpenApiSchema } } }> = {};
  for (const status of statuses) {
    out[status] = {
      description: DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/problem+json': { schema: ProblemOpenApiSchema } },
    };
  }
  return out;
}

/** `content` of a JSON request body or response. */
export const jsonContent = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
