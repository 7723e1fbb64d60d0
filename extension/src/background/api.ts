// The OneStop API client (background only): bearer token, JSON in and out, every answer parsed with the shared
// schemas, RFC 9457 problems turned into ApiError, and transport failures into OfflineError so the outbox backs off.
import {
  CalendarAmendmentsRecordSchema,
  CheckRuleSetRecordSchema,
  SuggestionDismissalSchema,
  SampleSummarySchema,
  ReportedFiguresRecordSchema,
  type SampleCreate,
  type SampleResultsCreate,
  type SuggestionDismissalCreate,
  AuditChecklistViewSchema,
  AuditDetailSchema,
  AuditListItemSchema,
  EvidenceSchema,
  FindingPullResponseSchema,
  ProblemSchema,
  RoleSchema,
  SiteProfileRecordSchema,
  SyncResponseSchema,
  type SyncRequest,
} from '@onestop/shared';
import { z } from 'zod';
import { normalizeApiBase } from '../api-base.ts';

/** The server answered with a problem (4xx/5xx). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** The server could not be reached (or answered with something that is not the API). */
export class OfflineError extends Error {}

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  display_name: z.string(),
  role: RoleSchema,
  unit_name: z.string().nullable(),
  /** An administrator set the password: the session may do nothing but change it (403 `password_change_required`). */
  must_change_password: z.boolean().optional(),
});

export const LoginResponseSchema = z.object({ user: UserSchema, expires_at: z.string(), token: z.string().min(16) });
export const MeSchema = z.object({ user: UserSchema });
export const AuditListSchema = z.object({ items: z.array(AuditListItemSchema), total: z.number().int() });

/** `GET /audits/{id}/checklist?unit=`: the shared contract. */
export const AuditChecklistSchema = AuditChecklistViewSchema;
export type AuditChecklist = z.infer<typeof AuditChecklistSchema>;

export const SiteProfileListSchema = z.object({ items: z.array(SiteProfileRecordSchema) });

export interface ApiClientOptions {
  baseUrl: () => Promise<string>;
  /**
   * The bearer token for requests to `base` (the base being used, normalised), or null: the background gives it only
   * for the base the session was signed in at (issue 13).
   */
  token: (base: string) => Promise<string | null>;
  fetch?: typeof fetch;
  /** Milliseconds before a request counts as offline. */
  timeoutMs?: number;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  private async send(method: string, path: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string>; auth?: boolean } = {}): Promise<Response> {
    // Checked again before every request: nothing, and never the token, goes to plain http off this computer.
    const base = normalizeApiBase(await this.options.baseUrl());
    if (base === null) throw new ApiError(0, 'insecure_api_base', 'Insecure API base', 'The API base must be https:// (or http:// to this computer)');
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.auth !== false) {
      const token = await this.options.token(base);
      if (token) headers.authorization = `Bearer ${token}`;
    }
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(`${base}/api/v1${path}`, { method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000) });
    } catch (err) {
      throw new OfflineError(err instanceof Error ? err.message : String(err));
    }
    if (res.ok) return res;
    const problem = ProblemSchema.safeParse(await res.json().catch(() => null));
    // A gateway or a captive portal answering instead of the API is as good as offline.
    if (!problem.success && (res.status >= 500 || res.status === 404)) throw new OfflineError(`HTTP ${res.status}`);
    if (!problem.success) throw new ApiError(res.status, 'http_error', `HTTP ${res.status}`, res.statusText);
    throw new ApiError(res.status, problem.data.code, problem.data.title, problem.data.detail ?? problem.data.title);
  }

  private async json<S extends z.ZodType>(schema: S, method: string, path: string, init?: Parameters<ApiClient['send']>[2]): Promise<z.infer<S>> {
    const res = await this.send(method, path, init);
    const parsed = schema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new OfflineError(`Unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  }

  login(email: string, password: string) {
    return this.json(LoginResponseSchema, 'POST', '/auth/login', { json: { email, password, session: 'bearer' }, auth: false });
  }

  async logout(): Promise<void> {
    await this.send('POST', '/auth/logout');
  }

  /** Revokes a token the background chose not to keep (sent to the base it was just issued by). */
  async logoutToken(token: string): Promise<void> {
    await this.send('POST', '/auth/logout', { auth: false, headers: { authorization: `Bearer ${token}` } });
  }

  me() {
    return this.json(MeSchema, 'GET', '/auth/me');
  }

  listAudits(status = 'in_progress') {
    return this.json(AuditListSchema, 'GET', `/audits?status=${encodeURIComponent(status)}&limit=200`);
  }

  /** The check rule set in force for a checklist (issue 14). */
  checkRules(checklistId: string) {
    return this.json(CheckRuleSetRecordSchema, 'GET', `/checklists/${encodeURIComponent(checklistId)}/check-rules`);
  }

  /** The working-day calendar's amendments for a year (what an admin keeps). */
  calendarAmendments(year: number) {
    return this.json(CalendarAmendmentsRecordSchema, 'GET', `/calendar/amendments?year=${year}`);
  }

  /** A suggestion the inspector dismissed, with the reason (idempotent by its id). */
  dismissSuggestion(auditId: string, body: SuggestionDismissalCreate) {
    return this.json(SuggestionDismissalSchema, 'POST', `/audits/${encodeURIComponent(auditId)}/suggestion-dismissals`, { json: body });
  }

  /** A finished sweep's per-dossier outcomes (idempotent by its id). */
  postSample(auditId: string, body: SampleCreate) {
    return this.json(SampleSummarySchema, 'POST', `/audits/${encodeURIComponent(auditId)}/samples`, { json: body });
  }

  /** The reported figures of a unit (and its subtree) in an audit, without drawn positions. */
  reportedFigures(auditId: string, unitId: string) {
    return this.json(z.object({ items: z.array(ReportedFiguresRecordSchema) }), 'GET', `/audits/${encodeURIComponent(auditId)}/reported-figures?unit=${encodeURIComponent(unitId)}`);
  }

  /** One figures record, with its drawn positions. */
  reportedFiguresRecord(auditId: string, figuresId: string) {
    return this.json(ReportedFiguresRecordSchema, 'GET', `/audits/${encodeURIComponent(auditId)}/reported-figures/${encodeURIComponent(figuresId)}`);
  }

  /** The sampled dossiers' outcomes; the answer carries the verification of the reported rate. */
  postSampleResults(auditId: string, figuresId: string, body: SampleResultsCreate) {
    return this.json(ReportedFiguresRecordSchema, 'POST', `/audits/${encodeURIComponent(auditId)}/reported-figures/${encodeURIComponent(figuresId)}/sample-results`, { json: body });
  }

  getAudit(id: string) {
    return this.json(AuditDetailSchema, 'GET', `/audits/${encodeURIComponent(id)}`);
  }

  checklist(auditId: string, unitId: string) {
    return this.json(AuditChecklistSchema, 'GET', `/audits/${encodeURIComponent(auditId)}/checklist?unit=${encodeURIComponent(unitId)}`);
  }

  pullFindings(auditId: string, since: number | null) {
    const q = since === null ? '' : `&since=${since}`;
    return this.json(FindingPullResponseSchema, 'GET', `/audits/${encodeURIComponent(auditId)}/findings?limit=500${q}`);
  }

  sync(request: SyncRequest) {
    return this.json(SyncResponseSchema, 'POST', '/sync', { json: request });
  }

  uploadBlob(evidenceId: string, bytes: Uint8Array, mime: string, sha256: string) {
    return this.json(EvidenceSchema, 'PUT', `/evidence/${encodeURIComponent(evidenceId)}/blob`, {
      body: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }),
      headers: { 'content-type': mime, 'x-content-sha256': sha256 },
    });
  }

  siteProfiles() {
    return this.json(SiteProfileListSchema, 'GET', '/site-profiles');
  }
}
