// Permission rules for indicator targets (issue 16): everyone reads them, only admins replace them.
import { everyone, type Rule } from './types.ts';

export const targetRules: Record<string, Rule> = {
  'GET /api/v1/targets': { allowed: everyone, ok: 200, call: () => ({ path: '/targets' }) },
  'PUT /api/v1/targets': {
    allowed: ['admin'],
    ok: 200,
    call: () => ({ path: '/targets', method: 'PUT', body: { targets: [{ indicator: 'compliance_rate', direction: 'at_least', value: 0.9 }] } }),
  },
};
