// Hono generics declared once: bindings from wrangler.toml, per-request variables set by middleware.
import type { Context } from 'hono';
import type { Logger } from './logger.ts';

export interface Caller {
  userId: string;
  role: 'admin' | 'leader' | 'unit_head' | 'inspector';
  unitId: string;
  email: string;
  displayName: string;
  sessionId: string;
  via: 'bearer' | 'cookie';
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    log: Logger;
    caller: Caller | undefined;
  };
}

export type AppContext = Context<AppEnv>;
