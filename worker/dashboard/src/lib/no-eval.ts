// zod without eval. The CSP allows none, and zod probes for `new Function` as soon as it builds an object schema
// unless it is jitless; the refused probe is caught by zod but still reported as a Content-Security-Policy violation
// on every page load. zod reads its settings from this global, so no zod import is needed. This must run before the
// shared schemas are built: main.tsx imports it first of all, and messages-vi.ts imports it so that it lands in the
// "core" chunk with zod (a module of the entry chunk would only run after that chunk).
const scope = globalThis as { __zod_globalConfig?: Record<string, unknown> };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };

export {};
