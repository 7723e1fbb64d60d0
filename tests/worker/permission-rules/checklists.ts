// Permission rules for checklists and their versions: everyone reads, admins write.
import { makeChecklist } from '../../fixtures/audits.ts';
import { everyone, type Rule } from './types.ts';

const item = { code: 'T-01', clause: '8.5.1', text_vi: 'Hồ sơ được trả đúng hạn?', weight: 3 };

export const checklistRules: Record<string, Rule> = {
  'GET /api/v1/checklists': { allowed: everyone, ok: 200, call: () => ({ path: '/checklists' }) },
  'POST /api/v1/checklists': {
    allowed: ['admin'],
    ok: 201,
    call: () => ({ path: '/checklists', method: 'POST', body: { code: `P-${crypto.randomUUID().slice(0, 8)}`, version: 1, title_vi: 'Danh mục thử', items: [item] } }),
  },
  'GET /api/v1/checklists/{id}': { allowed: everyone, ok: 200, call: async () => ({ path: `/checklists/${(await makeChecklist()).checklistId}` }) },
  'POST /api/v1/checklists/{id}/versions': {
    allowed: ['admin'],
    ok: 201,
    call: async () => ({ path: `/checklists/${(await makeChecklist()).checklistId}/versions`, method: 'POST', body: {} }),
  },
  'GET /api/v1/checklist-versions/{id}': { allowed: everyone, ok: 200, call: async () => ({ path: `/checklist-versions/${(await makeChecklist()).versionId}` }) },
  'GET /api/v1/checklist-versions/{id}/export': { allowed: everyone, ok: 200, call: async () => ({ path: `/checklist-versions/${(await makeChecklist()).versionId}/export` }) },
  'PUT /api/v1/checklist-versions/{id}/items': {
    allowed: ['admin'],
    ok: 200,
    call: async () => ({ path: `/checklist-versions/${(await makeChecklist({ status: 'draft' })).versionId}/items`, method: 'PUT', body: { items: [item] } }),
  },
  'POST /api/v1/checklist-versions/{id}/publish': {
    allowed: ['admin'],
    ok: 200,
    call: async () => ({ path: `/checklist-versions/${(await makeChecklist({ status: 'draft' })).versionId}/publish`, method: 'POST' }),
  },
  'POST /api/v1/checklist-versions/{id}/retire': {
    allowed: ['admin'],
    ok: 200,
    call: async () => ({ path: `/checklist-versions/${(await makeChecklist()).versionId}/retire`, method: 'POST' }),
  },
};
