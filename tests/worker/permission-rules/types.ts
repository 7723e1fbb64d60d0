// Types and helpers shared by the permission rule files: a rule says who may call a route and how to call it.
import type { Role } from '@onestop/shared';
import type { makeTree } from '../../fixtures/builders.ts';

export type Where = 'inside' | 'outside';

export interface World {
  tree: Awaited<ReturnType<typeof makeTree>>;
  tokens: Record<Role, string>;
  users: Record<Role, { id: string }>;
  /** A user inside district A's subtree and one outside it (in commune B). */
  insideUserId: string;
  outsideUserId: string;
  /** Extra records made by resource fixtures, keyed by name. */
  extra: Record<string, string>;
}

export interface Call {
  path: string;
  method?: string;
  /** JSON-encoded unless it is already bytes or a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Rule {
  /** Public routes answer without a session. */
  public?: boolean;
  /** Roles that may call the route for a record inside their scope. */
  allowed: readonly Role[];
  /** Status expected for an allowed role inside its scope (a function when it differs by role). */
  ok: number | ((role: Role) => number);
  /** Builds the call; `outside` points at a record outside a non-admin caller's subtree. */
  call: (w: World, where: Where, role: Role) => Promise<Call> | Call;
  /** Whether the route addresses a record that can be outside the caller's scope (then: 404 outside). */
  scoped?: boolean;
  /** For lists: nothing outside the scope may be listed. */
  listExcludes?: (w: World) => string[];
}

export const everyone = ['admin', 'leader', 'unit_head', 'inspector'] as const satisfies readonly Role[];
export const unitFor = (w: World, where: Where) => (where === 'inside' ? w.tree.communeA : w.tree.communeB);
