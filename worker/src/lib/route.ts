// defineRoute: createRoute with authentication on by default and role gates that run before validation,
// so an unauthorised caller never learns anything from validation messages.
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Role } from '@onestop/shared';
import type { MiddlewareHandler } from 'hono';
import { authenticate, requireRole } from './auth.ts';
import { problemResponses } from './openapi.ts';

type Config = Omit<RouteConfig, 'middleware'> & {
  /** Public routes skip authentication (login, health, the OpenAPI document). */
  public?: boolean;
  /** Roles allowed to call the route at all; finer scope checks happen in the query layer. */
  roles?: readonly Role[];
};

export function defineRoute<const C extends Config>(config: C) {
  const { public: isPublic, roles, ...route } = config;
  const middleware: MiddlewareHandler[] = [];
  if (!isPublic) middleware.push(authenticate as MiddlewareHandler);
  if (roles) middleware.push(requireRole(...roles) as MiddlewareHandler);
  const refusals = isPublic ? [] : roles ? [401, 403] : [401];
  const rolesNote = isPublic ? 'Public.' : roles ? `Roles: ${roles.join(', ')}.` : 'Any signed-in role (scoped).';
  return createRoute({
    ...route,
    description: [route.description, rolesNote].filter(Boolean).join('\n\n'),
    ...(isPublic ? { security: [] } : {}),
    middleware,
    responses: { ...problemResponses(...refusals), ...route.responses },
    ...({ 'x-roles': isPublic ? ['public'] : roles ?? ['any'] } as object),
  }) as unknown as Omit<C, 'public' | 'roles'> & { middleware: MiddlewareHandler[]; getRoutingPath(): string };
}
