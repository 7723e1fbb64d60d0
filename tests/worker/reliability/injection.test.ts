// The injection corpus (SQL metacharacters, markup and script, Unicode tricks, very long strings) through every text
// field of the API: never a 5xx, a refusal is problem+json and writes nothing, an accepted value reads back exactly as
// stored (trimmed, and redacted where the server redacts), searches treat LIKE wildcards as text, no table is harmed.
// Control characters (README "API conventions"): every typed text field refuses them with a 422; text captured from a
// page (evidence title, quote, field values) drops them.
import { dropControlCharacters, redactText } from '@onestop/shared';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFinding, textFieldWorld, type TextFieldWorld } from '../../fixtures/audits.ts';
import { api, json, makeUser, unique } from '../../fixtures/builders.ts';
import { sampleProfile } from '../../fixtures/profiles.ts';
import { fingerprint, HOSTILE_STRINGS } from '../../fixtures/reliability.ts';

let w: TextFieldWorld;

beforeAll(async () => {
  w = await textFieldWorld();
});

const future = () => new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);

/** An NC finding in the reporting audit, in the given status, for the workflow fields. */
async function ncFinding(status: 'open' | 'disputed'): Promise<string> {
  return (await makeFinding({ auditId: w.reportingAudit, unitId: w.tree.communeA, itemId: w.items[0]!, result: 'nc_minor', status, recordedBy: w.lead.id })).id;
}

interface Field {
  name: string;
  /** How the server stores the value: trimmed, and redacted for page texts. */
  stored: (v: string) => string;
  /** Captured page text drops control characters (`stored` says how); typed text refuses them. */
  control?: 'dropped';
  /** Makes the record the case needs (before the fingerprint is taken). */
  prepare?: () => Promise<string>;
  /** Sends the value; `read` fetches the document it should appear in. */
  send: (v: string, prepared: string) => Promise<{ res: Response; read: () => Promise<Response> }>;
}

/**
 * Text is stored as UTF-8, which cannot hold a lone UTF-16 surrogate: JSON allows one ("\ud800"), and the API replaces
 * it with one U+FFFD, the replacement character, as it reads the request (so a column, the history and the evidence
 * fields read the same). Everything else is stored as sent, trimmed.
 */
const wellFormed = (v: string) => v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const trimmed = (v: string) => wellFormed(v.trim());
const redacted = (v: string) => wellFormed(redactText(v.trim()));
/** Page text as captured: control characters other than TAB, LF and CR dropped, then trimmed and redacted. */
const captured = (v: string) => redacted(dropControlCharacters(v));

/** NUL at the start, in the middle and at the end, other C0, DEL and C1: refused by every typed text field. */
const CONTROL_STRINGS: readonly string[] = [
  '\u0000Phường Sơn Tây',
  'Phường\u0000Sơn Tây',
  'Phường Sơn Tây\u0000',
  '\u0001SOH đầu dòng',
  'ESC \u001b[31mĐỏ\u001b[0m',
  'Xã\u007fĐông',
  'Dòng\u0085mới (NEL)',
  'CSI \u009b điều khiển',
];
/** Whether a value holds a control character a multi-line text refuses (TAB, LF and CR are allowed there). */
const hasControl = (v: string) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(v);

const FIELDS: Field[] = [
  {
    name: 'unit name',
    stored: trimmed,
    send: async (v) => {
      const res = await api('/units', { method: 'POST', token: w.admin, body: { parent_id: w.tree.districtA, code: unique('INJ'), name: v, level: 'commune' } });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/units/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'user display name',
    stored: trimmed,
    send: async (v) => {
      const res = await api('/users', { method: 'POST', token: w.admin, body: { email: `${unique('inj')}@test.onestop.vn`.toLowerCase(), display_name: v, role: 'leader', unit_id: w.tree.communeA, password: 'mat-khau-du-dai-2026' } });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/users/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'checklist title and item texts',
    stored: trimmed,
    send: async (v) => {
      const item = { code: 'T-01', clause: '8.5.1', text_vi: v, guidance_vi: v, evidence_hint_vi: v, weight: 2 };
      const res = await api('/checklists', { method: 'POST', token: w.admin, body: { code: unique('CL'), version: 1, title_vi: v, items: [item] } });
      const body = res.ok ? await json<{ id: string; versions?: { id: string }[] }>(res.clone()) : { id: '' };
      return { res, read: async () => api(`/checklist-versions/${body.versions?.[0]?.id ?? ''}`, { token: w.admin }) };
    },
  },
  {
    name: 'site profile name',
    stored: trimmed,
    send: async (v) => {
      const res = await api('/site-profiles', { method: 'POST', token: w.admin, body: { profile: sampleProfile(v) } });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/site-profiles/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'audit title and scope note',
    stored: trimmed,
    send: async (v) => {
      const res = await api('/audits', {
        method: 'POST',
        token: w.admin,
        body: { code: unique('KT'), title: v, scope_note: v, kind: 'inspection', owner_unit_id: w.tree.province, planned_start: '2026-12-01', planned_end: '2026-12-05', unit_ids: [w.tree.communeA], version_ids: [w.versionId], lead_user_id: w.lead.id },
      });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/audits/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'finding note and dossier code (sync)',
    stored: redacted,
    send: async (v) => {
      const id = crypto.randomUUID();
      const op = { op_id: crypto.randomUUID(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: w.progressAudit, unit_id: w.tree.communeA, item_id: w.items[1]!, result: 'ofi', note: v, dossier_code: v.slice(0, 100), recorded_at: new Date().toISOString() } };
      const res = await api('/sync', { method: 'POST', token: w.lead.token, body: { client_id: 'inj', ops: [op] } });
      // A refused op is answered inside a 200: turn it into its problem so it is checked like a refused request.
      const body = res.ok ? await json<{ results: { status: string; problem?: { status: number } }[] }>(res.clone()) : null;
      const refused = body?.results[0]?.status === 'rejected';
      return { res: refused ? new Response(JSON.stringify(body?.results[0]?.problem), { status: 422, headers: { 'content-type': 'application/problem+json' } }) : res, read: () => api(`/findings/${id}`, { token: w.lead.token }) };
    },
  },
  {
    name: 'evidence title, quote, fields and selector text',
    // The page title is the shortest of them (≤ 500 characters): it must read back whole, without control characters.
    stored: (v) => captured(v.slice(0, 500)),
    control: 'dropped',
    prepare: async () => (await makeFinding({ auditId: w.progressAudit, unitId: w.tree.communeA, itemId: w.items[2]!, result: 'conform', recordedBy: w.lead.id })).id,
    send: async (v, findingId) => {
      const body = {
        id: crypto.randomUUID(),
        purpose: 'finding',
        kind: 'page_capture',
        page_url: 'http://127.0.0.1:8788/ho-so/1',
        page_title: v.slice(0, 500),
        quote: v.slice(0, 4000),
        fields: { ghi_chu: v.slice(0, 500) },
        selectors: v.trim() ? [{ type: 'TextQuoteSelector', exact: v.slice(0, 2000), prefix: v.slice(0, 32), suffix: v.slice(0, 32) }] : [],
        captured_at: new Date().toISOString(),
      };
      const res = await api(`/findings/${findingId}/evidence`, { method: 'POST', token: w.lead.token, body });
      return { res, read: () => api(`/findings/${findingId}`, { token: w.lead.token }) };
    },
  },
  {
    name: 'corrective-action plan (root cause, correction, action)',
    stored: trimmed,
    prepare: () => ncFinding('open'),
    send: async (v, id) => {
      const res = await api(`/findings/${id}/response`, { method: 'POST', token: w.head, body: { decision: 'accept', root_cause: v, correction: v, action: v, owner_user_id: w.headId, due_date: future() } });
      return { res, read: () => api(`/findings/${id}`, { token: w.head }) };
    },
  },
  {
    name: 'dispute reason',
    stored: trimmed,
    prepare: () => ncFinding('open'),
    send: async (v, id) => {
      const res = await api(`/findings/${id}/response`, { method: 'POST', token: w.head, body: { decision: 'dispute', reason: v } });
      return { res, read: () => api(`/findings/${id}`, { token: w.head }) };
    },
  },
  {
    name: 'review comment',
    stored: trimmed,
    prepare: () => ncFinding('disputed'),
    send: async (v, id) => {
      const res = await api(`/findings/${id}/review`, { method: 'POST', token: w.lead.token, body: { decision: 'reject', comment: v } });
      return { res, read: () => api(`/findings/${id}`, { token: w.lead.token }) };
    },
  },
];

describe('the injection corpus through every text field', () => {
  for (const field of FIELDS) {
    it(`${field.name}: no 5xx; refused values write nothing; accepted ones read back exactly`, async () => {
      const problems: string[] = [];
      let accepted = 0;
      for (const value of HOSTILE_STRINGS) {
        const label = JSON.stringify(value.slice(0, 40));
        const prepared = field.prepare ? await field.prepare() : '';
        const before = await fingerprint();
        const { res, read } = await field.send(value, prepared);
        const text = await res.clone().text();
        if (res.status >= 500) problems.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
        else if (res.status >= 400) {
          if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) problems.push(`${label}: ${res.status} without problem+json`);
          const after = await fingerprint();
          const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
          if (changed.length > 0) problems.push(`${label}: refused with ${res.status} but changed ${changed.join(', ')}`);
        } else {
          accepted++;
          expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
          const doc = await (await read()).text();
          const expected = field.stored(value);
          // The whole JSON string, quotes included: a lone surrogate read back as three U+FFFD would contain one.
          if (!doc.includes(JSON.stringify(expected))) problems.push(`${label}: stored value does not read back (expected ${JSON.stringify(expected.slice(0, 60))})`);
          if (/<script|onerror=/i.test(doc) && !doc.includes(JSON.stringify(expected))) problems.push(`${label}: markup changed on the way`);
        }
      }
      expect(problems).toEqual([]);
      // Most of the corpus is legitimate text (only empty or over-long values are refused): it must get through.
      expect(accepted).toBeGreaterThan(HOSTILE_STRINGS.length * 0.7);
    }, 60_000);
  }

  for (const field of FIELDS) {
    it(`${field.name}: control characters are ${field.control === 'dropped' ? 'dropped' : 'refused with a 422'}, never a 5xx`, async () => {
      const problems: string[] = [];
      for (const value of CONTROL_STRINGS) {
        const label = JSON.stringify(value);
        const prepared = field.prepare ? await field.prepare() : '';
        const before = await fingerprint();
        const { res, read } = await field.send(value, prepared);
        const text = await res.clone().text();
        if (field.control === 'dropped') {
          if (res.status !== 201) problems.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
          else {
            const doc = await (await read()).text();
            const expected = field.stored(value);
            if (hasControl(expected) || !doc.includes(JSON.stringify(expected))) problems.push(`${label}: does not read back as ${JSON.stringify(expected)}`);
          }
          continue;
        }
        if (res.status !== 422) problems.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
        else if (!/control characters/.test(text)) problems.push(`${label}: 422 without naming the control characters: ${text.slice(0, 200)}`);
        const after = await fingerprint();
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (changed.length > 0) problems.push(`${label}: refused but changed ${changed.join(', ')}`);
      }
      expect(problems).toEqual([]);
    }, 60_000);
  }

  it('LIKE wildcards in searches match only themselves', async () => {
    const percent = await makeUser('leader', w.tree.communeA, { email: `${unique('pct')}%x@test.onestop.vn`.replace('%', '_p_') });
    const list = async (q: string) => (await json<{ items: { id: string; email: string; display_name: string }[] }>(await api(`/users?q=${encodeURIComponent(q)}`, { token: w.admin }))).items;
    const all = (await json<{ items: unknown[] }>(await api('/users', { token: w.admin }))).items.length;
    for (const q of ['%', '_', '%%', '\\', "'", '"']) {
      const found = await list(q);
      expect(found.length, q).toBeLessThan(all);
      for (const u of found) expect(`${u.email} ${u.display_name}`.includes(q), `${q} matched ${u.email}`).toBe(true);
    }
    expect((await list('_p_')).map((u) => u.id)).toContain(percent.id);
  });

  it('leaves every table in place and countable after the corpus', async () => {
    for (const table of ['units', 'users', 'findings', 'events', 'audits', 'checklist_items', 'corrective_actions', 'evidence', 'sync_ops', 'rollup_scores']) {
      const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>();
      expect(row?.n, table).toBeGreaterThanOrEqual(0);
    }
    const summary = await api(`/summary?unit=${w.tree.province}`, { token: w.admin });
    expect(summary.status).toBe(200);
  });
});
