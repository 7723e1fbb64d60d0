// RFC 9457 problem details: the one error shape of the API.
import { z } from 'zod';

export const ProblemFieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
});

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  code: z.string(),
  instance: z.string().optional(),
  request_id: z.string().optional(),
  errors: z.array(ProblemFieldErrorSchema).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemFieldError = z.infer<typeof ProblemFieldErrorSchema>;

/** Turns a zod issue path into the JSON-path-like string used in `errors[].path` (`$.items[3].clause`). */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '$';
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return out;
}

/** Flattens a zod error into problem `errors`. */
export function zodErrorsToProblem(error: z.ZodError): ProblemFieldError[] {
  return error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message }));
}
