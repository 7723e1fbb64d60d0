// The side panel: sign-in, audit and unit, the current page, sync state, conflicts and refused changes (with their
// reasons, an export and dismissal), and the checklist grouped by clause with the items bound to the page first.
// Results are recorded with the keyboard (1–6); the checklist is one Tab stop (a roving tabindex over the items'
// heads: arrows, Home and End move), and a nonconformity is not recorded without a note.
import { requiresNote, type Result } from '@onestop/shared';
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { formatWhen, KEY_RESULTS, opKindLabel, rejectionReason, resultLabel, type Lang } from '../../src/i18n.ts';
import type { ChecklistItemView, ConflictView, LocalFinding, RejectedView, Suggestion, UnitFiling } from '../../src/model.ts';
import type { PanelStore } from './store.ts';

export const StoreContext = createContext<PanelStore | null>(null);

function useStore(): PanelStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext missing');
  return store;
}

function ResultPill({ result }: { result: Result | null }) {
  const store = useStore();
  return <span class={`pill r-${result ?? 'none'}`}>{result ? resultLabel(store.lang.value, result) : store.tr('notAssessed')}</span>;
}

function Header() {
  const store = useStore();
  const s = store.sync.value;
  const lang = store.lang.value;
  const online = s ? s.online && navigator.onLine : navigator.onLine;
  return (
    <header class="header">
      <div class="brand">
        <h1>{store.tr('appName')}</h1>
        <span class="muted">{store.tr('tagline')}</span>
      </div>
      <div class="lang" role="group" aria-label={store.tr('language')}>
        <button type="button" class={lang === 'vi' ? 'on' : ''} aria-pressed={lang === 'vi'} onClick={() => void store.setLang('vi')}>
          VI
        </button>
        <button type="button" class={lang === 'en' ? 'on' : ''} aria-pressed={lang === 'en'} onClick={() => void store.setLang('en')}>
          EN
        </button>
      </div>
      {store.user.value && (
        <div class="syncbar" data-testid="sync-state" data-online={String(online)} data-pending={String(s?.pending ?? 0)}>
          <span class={`dot ${online ? 'ok' : 'off'}`} aria-hidden="true" />
          <span>{online ? store.tr('online') : store.tr('offline')}</span>
          <span data-testid="pending">{store.tr('pendingOps', { n: s?.pending ?? 0 })}</span>
          <span class="muted">{store.tr('lastSync', { when: formatWhen(lang, s?.lastSyncAt ?? null) })}</span>
          {s?.nextAttemptAt && !online && <span class="muted">{store.tr('nextRetry', { when: formatWhen(lang, s.nextAttemptAt) })}</span>}
          <button type="button" class="link" disabled={s?.syncing} onClick={() => void store.syncNow()}>
            {s?.syncing ? store.tr('syncing') : store.tr('syncNow')}
          </button>
        </div>
      )}
      {store.user.value && (
        <div class="who">
          <span>{store.user.value.display_name}</span>
          <button type="button" class="link" onClick={() => void store.logout()}>
            {store.tr('signOut')}
          </button>
        </div>
      )}
    </header>
  );
}

function Login() {
  const store = useStore();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="card login"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        void store.login(email, password).then(setError);
      }}
    >
      <h2>{store.tr('signIn')}</h2>
      <label>
        {store.tr('email')}
        <input type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label>
        {store.tr('password')}
        <input type="password" name="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <p class="muted">
        {store.tr('apiServer')}: <code>{store.apiBase.value}</code> —{' '}
        <a href="options.html" target="_blank" rel="noopener">
          {store.tr('changeServer')}
        </a>
      </p>
      {error && !store.passwordChangeUrl.value && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {store.passwordChangeUrl.value && (
        <p class="error" role="alert" data-testid="password-change-required">
          {store.tr('passwordChangeRequired')}{' '}
          <a href={store.passwordChangeUrl.value} target="_blank" rel="noopener noreferrer">
            {store.tr('openChangePassword')}
          </a>
        </p>
      )}
      <button type="submit" class="primary" disabled={store.busy.value}>
        {store.busy.value ? store.tr('signingIn') : store.tr('signIn')}
      </button>
    </form>
  );
}

/** The units a page's profile names, for people: their names where an audit covers them, else their codes. */
const pageUnits = (page: NonNullable<UnitFiling['page']>) => page.units.map((u) => u.name ?? u.code).join(', ');

/** Why findings go to the scope's unit, in a few words. */
function filingSource(store: PanelStore, filing: UnitFiling): string {
  if (filing.needsChoice) return store.tr('filingHeld');
  if (filing.source.kind === 'profile') return store.tr('filingFromProfile', { profile: filing.source.profileName });
  if (filing.source.kind === 'manual') return store.tr('filingChosen');
  return store.tr('filingDefault');
}

/** A page of a unit the audit does not cover: said plainly, and new findings wait for the inspector's choice. */
function UnitWarning({ compact = false }: { compact?: boolean }) {
  const store = useStore();
  const filing = store.filing.value;
  if (!filing?.page || filing.page.inAudit) return null;
  const units = pageUnits(filing.page);
  return (
    <div class={`unit-warning ${filing.needsChoice ? '' : 'chosen'} ${compact ? 'compact' : ''}`} role={filing.needsChoice && !compact ? 'alert' : undefined} data-testid={compact ? 'unit-warning-editor' : 'unit-warning'} data-needs-choice={String(filing.needsChoice)}>
      {filing.needsChoice ? (
        <>
          {/* Beside the recording controls the unit line above already says findings wait: only the way on. */}
          {!compact && <p>{store.tr('foreignSystem', { units })}</p>}
          {!compact && <p class="small">{store.tr('foreignHelp')}</p>}
          <button type="button" data-action="confirm-unit" onClick={() => void store.confirmUnit()}>
            {store.tr('confirmUnit', { unit: filing.unitName })}
          </button>
        </>
      ) : (
        !compact && <p class="small">{store.tr('foreignChosen', { units, unit: filing.unitName })}</p>
      )}
    </div>
  );
}

/** Beside the recording controls: the unit a finding recorded now goes to, and why. */
function FilingLine() {
  const store = useStore();
  const filing = store.filing.value;
  if (!filing) return null;
  return (
    <div class={`filing ${filing.needsChoice ? 'held' : ''}`} data-testid="filing" data-unit-id={filing.unitId} data-source={filing.source.kind}>
      <span class="filing-unit">{store.tr('filingFor', { unit: filing.unitName })}</span>
      <span class="filing-source">{filingSource(store, filing)}</span>
    </div>
  );
}

function ScopePicker() {
  const store = useStore();
  const scope = store.scope.value;
  const audit = store.currentAudit.value;
  const filing = store.filing.value;
  // No "from the page" tag while the page is another unit's system: the warning below says what holds.
  const foreign = filing?.page?.inAudit === false;
  const sourceTag = filing && filing.unitId === scope?.unitId && !foreign ? (filing.source.kind === 'profile' ? store.tr('unitFromPage') : filing.source.kind === 'manual' ? store.tr('unitChosen') : null) : null;
  if (store.audits.value.length === 0) return <p class="card muted">{store.tr('noAudits')}</p>;
  return (
    <div class="card scope">
      <label>
        {store.tr('audit')}
        <select
          name="audit"
          value={scope?.auditId ?? ''}
          onChange={(e) => {
            const a = store.audits.value.find((x) => x.id === e.currentTarget.value);
            // The first unit is only the default: the background takes the unit the page's profile names, if any.
            const unit = a?.units[0];
            if (a && unit) void store.chooseScope({ auditId: a.id, unitId: unit.id });
          }}
        >
          <option value="">{store.tr('chooseAudit')}</option>
          {store.audits.value.map((a) => (
            <option key={a.id} value={a.id}>
              {a.code} — {a.title}
            </option>
          ))}
        </select>
      </label>
      {audit && (
        <label>
          <span>
            {store.tr('unit')} {sourceTag && <span class="muted small unit-source" data-testid="unit-source">({sourceTag})</span>}
          </span>
          <select name="unit" value={scope?.unitId ?? ''} onChange={(e) => void store.chooseScope({ auditId: audit.id, unitId: e.currentTarget.value }, true)}>
            {audit.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {audit && <UnitWarning />}
    </div>
  );
}

function PageBanner() {
  const store = useStore();
  const page = store.page.value;
  if (!page) return <p class="card muted page-banner">{store.tr('noPageOpen')}</p>;
  return (
    <div class="card page-banner" data-testid="page-banner">
      <div class="muted">{store.tr('page')}</div>
      <div class="page-title">{page.title}</div>
      <div class="muted">{page.profileName ?? store.tr('profileNone')}</div>
      {page.dossierCode && <div>{store.tr('dossier', { code: page.dossierCode })}</div>}
      {page.itemCodes.length > 0 && <div class="muted">{store.tr('boundItems', { n: page.itemCodes.length })}</div>}
      {page.orphans.length > 0 && (
        <details class="orphans">
          <summary>{store.tr('orphans', { n: page.orphans.length })}</summary>
          <ul>
            {page.orphans.map((o) => (
              <li key={o.id}>
                <q>{o.quote}</q>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/**
 * Suggested findings (issue 14): one card per violated rule and dossier, keyboard first (A records the focused one,
 * D opens its dismissal, which needs a reason). `swept`: a sweep's, whose dossier the background opens first.
 */
function SuggestionList({ list, swept = false }: { list: Suggestion[]; swept?: boolean }) {
  const store = useStore();
  const lang = store.lang.value;
  const [dismissing, setDismissing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const dismiss = async (key: string) => {
    const problem = await store.dismissSuggestion(key, reason);
    setError(problem);
    if (problem === null) {
      setDismissing(null);
      setReason('');
    }
  };
  return (
    <ul
      onKeyDown={(e) => {
        const li = (e.target as HTMLElement).closest<HTMLElement>('[data-testid="suggestion"]');
        const key = li?.dataset.key;
        if (!key || e.target !== li || e.ctrlKey || e.metaKey || e.altKey) return;
        if (e.key === 'a' || e.key === 'A') {
          e.preventDefault();
          void store.acceptSuggestion(key);
        } else if (e.key === 'd' || e.key === 'D') {
          e.preventDefault();
          setDismissing(key);
        }
      }}
    >
      {list.map((s) => (
        <li key={s.key} class="suggestion" tabIndex={0} data-testid="suggestion" data-swept={String(swept)} data-key={s.key} data-rule={s.rule_id} data-dossier={s.dossier_code} data-recorded={String(s.recorded)}>
          <div class="suggestion-head">
            <ResultPill result={s.suggests} />
            <strong>{s.item_code}</strong>
            <code>{s.dossier_code}</code>
          </div>
          <div class="suggestion-title">{s.title[lang]}</div>
          <p class="note">{s.message[lang]}</p>
          {s.basis[lang] && (
            <details>
              <summary>{store.tr('suggestionBasis')}</summary>
              <p class="small">{s.basis[lang]}</p>
            </details>
          )}
          {s.recorded ? (
            <span class="tag">{store.tr('suggestionRecorded')}</span>
          ) : dismissing === s.key ? (
            <form
              class="dismiss"
              onSubmit={(e) => {
                e.preventDefault();
                void dismiss(s.key);
              }}
            >
              <label>
                {store.tr('suggestionReason')}
                <textarea name="reason" required minLength={3} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} ref={(el) => el?.focus()} />
              </label>
              {error && (
                <p class="error" role="alert">
                  {error}
                </p>
              )}
              <div class="actions">
                <button type="submit" data-action="confirm-dismiss">
                  {store.tr('suggestionDismissConfirm')}
                </button>
                <button type="button" class="link" onClick={() => setDismissing(null)}>
                  {store.tr('cancel')}
                </button>
              </div>
            </form>
          ) : (
            <div class="actions">
              <button type="button" class="primary" data-action="accept-suggestion" onClick={() => void store.acceptSuggestion(s.key)}>
                {store.tr(swept ? 'sweepOpenAccept' : 'suggestionAccept')} <kbd>A</kbd>
              </button>
              <button type="button" data-action="dismiss-suggestion" onClick={() => setDismissing(s.key)}>
                {store.tr('suggestionDismiss')} <kbd>D</kbd>
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** What the automated checks suggest on this page (issue 14). */
function Suggestions() {
  const store = useStore();
  const page = store.page.value;
  if (!page || page.checked.ruleSet === null || page.checked.dossiers === 0) return null;
  const list = page.suggestions;
  return (
    <section class="card suggestions" data-testid="suggestions" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title" class="section-title">
        {store.tr('suggestions', { n: list.length })}
      </h2>
      <p class="muted small">{list.length === 0 ? store.tr('suggestionsNone', { n: page.checked.dossiers }) : store.tr('suggestionsHelp', { set: page.checked.ruleSet })}</p>
      <SuggestionList list={list} />
    </section>
  );
}

/** The sweep rates offered: the least time between two navigations, in ms (the second is the default). */
const SWEEP_RATES = [1000, 400, 150] as const;

/** The reported figures of the sweep's unit, verified with what the finished sweep read (issue 14). */
function FiguresCheck({ sweepId }: { sweepId: string }) {
  const store = useStore();
  const lang = store.lang.value;
  const [error, setError] = useState<{ id: string; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    void store.loadFigures();
  }, [sweepId]);
  const list = store.figures.value;
  if (list.length === 0) return null;
  return (
    <div class="figures" data-testid="figures">
      <h3>{store.tr('figuresTitle')}</h3>
      <p class="muted small">{store.tr('figuresHelp')}</p>
      <ul>
        {list.map((f) => (
          <li key={f.id} data-figures={f.id}>
            <div class="small">{store.tr('figuresPeriod', { unit: f.unitName, from: f.from, to: f.to, population: f.population ?? '—', size: f.size ?? '—' })}</div>
            {f.verification && (
              <div class="small" data-testid="figures-verification" data-outside={String(f.verification.outside)}>
                <p>
                  {store.tr('figuresChecked', {
                    checked: f.verification.checked,
                    planned: f.verification.planned,
                    rate: percent(lang, f.verification.sampledRate),
                    lower: percent(lang, f.verification.lower),
                    upper: percent(lang, f.verification.upper),
                    reported: percent(lang, f.reportedRate),
                  })}
                </p>
                <p class={f.verification.outside ? 'error' : ''}>{f.verification.message[lang]}</p>
                {f.verification.suggestion && <p class="small">{store.tr('figuresOutside', { item: f.verification.suggestion.item_code })}</p>}
              </div>
            )}
            {error?.id === f.id && (
              <p class="error" role="alert">
                {error.text}
              </p>
            )}
            <button
              type="button"
              data-action="verify-figures"
              disabled={busy !== null}
              onClick={async () => {
                setBusy(f.id);
                const problem = await store.verifyFigures(f.id);
                setError(problem === null ? null : { id: f.id, text: problem });
                setBusy(null);
              }}
            >
              {store.tr('figuresVerify')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

const percent = (lang: Lang, n: number | null) => (n === null ? '—' : `${n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 })}%`);

/**
 * "Check the whole list" (issue 14): starts a sweep from the list on the page tab, shows its progress with pause,
 * resume and cancel, and once done what each rule found, the on-time rate, whether the sample reached the server, and
 * the violations as suggestions.
 */
function Sweep() {
  const store = useStore();
  const sweep = store.sweep.value;
  const page = store.page.value;
  const lang = store.lang.value;
  const [error, setError] = useState<string | null>(null);
  const [rate, setRate] = useState(String(SWEEP_RATES[1]));
  /** The suggestions listed: one rule's (a click on its violations) or all, 20 at a time. */
  const [ruleFilter, setRuleFilter] = useState<string | null>(null);
  const [shown, setShown] = useState(20);
  const running = sweep?.status === 'running';
  // While a sweep runs the panel asks for its progress every 2 s besides the background's notices: an asking panel
  // also wakes a service worker that was stopped, and the sweep goes on from its saved step.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void store.refreshSweep(), 2000);
    return () => clearInterval(timer);
  }, [running]);
  if (!sweep && !page?.sweepable) return null;
  const of = (n: number | null) => (n === null ? '' : `/${n}`);
  const active = sweep?.status === 'running' || sweep?.status === 'paused';
  const progress = sweep
    ? sweep.phase === 'details' && sweep.detailsQueued > 0
      ? 0.5 + (0.5 * sweep.detailsDone) / sweep.detailsQueued
      : sweep.pagesTotal
        ? (0.5 * Math.min(sweep.pagesRead, sweep.pagesTotal)) / sweep.pagesTotal
        : 0
    : 0;
  return (
    <section class="card sweep" data-testid="sweep" data-status={sweep?.status ?? 'none'} data-sweep-id={sweep?.id ?? ''} aria-labelledby="sweep-title">
      <h2 id="sweep-title" class="section-title">
        {store.tr('sweepTitle')}
      </h2>
      {!active && <p class="muted small">{store.tr('sweepHelp')}</p>}
      {sweep && (
        <>
          {active && (
            <>
              <progress max={1} value={sweep.status === 'done' ? 1 : progress} data-testid="sweep-progress" />
              <p class="small" aria-live="polite" data-testid="sweep-phase">
                {sweep.status === 'paused'
                  ? store.tr('sweepPaused', { pages: sweep.pagesRead, dossiers: sweep.dossiersRead })
                  : sweep.phase === 'details'
                    ? store.tr('sweepPhaseDetails', { n: Math.min(sweep.detailsDone + 1, sweep.detailsQueued), total: sweep.detailsQueued })
                    : store.tr('sweepPhaseList', { n: sweep.pagesRead + 1, of: of(sweep.pagesTotal) })}
              </p>
              <p class="muted small" data-testid="sweep-counts">
                {store.tr('sweepProgress', { dossiers: sweep.dossiersRead, ofDossiers: of(sweep.dossiersTotal), pages: sweep.pagesRead, ofPages: of(sweep.pagesTotal), done: sweep.detailsDone, queued: sweep.detailsQueued })}
              </p>
            </>
          )}
          {sweep.status === 'cancelled' && <p class="small">{store.tr('sweepCancelled')}</p>}
          {sweep.status === 'failed' && (
            <p class="error" role="alert">
              {store.tr('sweepFailed', { reason: sweep.error ?? '' })}
            </p>
          )}
          {sweep.status === 'done' && sweep.result && (
            <div data-testid="sweep-result" data-dossiers={sweep.result.dossiers} data-violating={sweep.result.withViolation}>
              <p class="small">{store.tr('sweepDone', { n: sweep.result.dossiers, pages: sweep.pagesRead, details: sweep.detailsDone, v: sweep.result.withViolation })}</p>
              {sweep.error && <p class="small warning">{sweep.error}</p>}
              {sweep.detailsFailed > 0 && <p class="small warning">{store.tr('sweepDetailsFailed', { n: sweep.detailsFailed })}</p>}
              {sweep.result.onTime && (
                <p class="small" data-testid="sweep-on-time">
                  {store.tr('sweepOnTime', { rate: percent(lang, sweep.result.onTime.rate_percent), ok: sweep.result.onTime.on_time, decided: sweep.result.onTime.decided })}
                </p>
              )}
              <table class="sweep-rules small">
                <thead>
                  <tr>
                    <th scope="col">{store.tr('sweepRule')}</th>
                    <th scope="col">{store.tr('sweepViolations')}</th>
                    <th scope="col">{store.tr('sweepPass')}</th>
                    <th scope="col">{store.tr('sweepUndecidable')}</th>
                    <th scope="col">{store.tr('sweepNotApplicable')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sweep.result.rules.map((r) => (
                    <tr key={r.rule_id} data-rule={r.rule_id} data-violations={r.violation}>
                      <th scope="row" title={r.rule_id}>
                        {r.item_code} · {r.title[lang]}
                      </th>
                      <td class={r.violation > 0 ? 'bad' : ''}>
                        {r.violation > 0 ? (
                          <button
                            type="button"
                            class="link"
                            data-action="filter-rule"
                            aria-pressed={ruleFilter === r.rule_id}
                            onClick={() => {
                              setRuleFilter(ruleFilter === r.rule_id ? null : r.rule_id);
                              setShown(20);
                            }}
                          >
                            {r.violation}
                          </button>
                        ) : (
                          r.violation
                        )}
                      </td>
                      <td>{r.pass}</td>
                      <td>{r.undecidable}</td>
                      <td>{r.not_applicable}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class={`small ${sweep.result.sample.state === 'refused' ? 'error' : 'muted'}`} data-testid="sweep-sample" data-state={sweep.result.sample.state}>
                {sweep.result.sample.state === 'sent'
                  ? store.tr('sweepSampleSent')
                  : sweep.result.sample.state === 'refused'
                    ? store.tr('sweepSampleRefused', { reason: sweep.result.sample.message ?? '' })
                    : sweep.result.sample.state === 'pending'
                      ? store.tr('sweepSamplePending')
                      : ''}
              </p>
              <FiguresCheck sweepId={sweep.id} />
              {sweep.result.suggestions.length > 0 &&
                (() => {
                  const all = sweep.result.suggestions.filter((x) => ruleFilter === null || x.rule_id === ruleFilter);
                  return (
                    <div class="suggestions">
                      <h3>
                        {store.tr('suggestions', { n: all.length })}
                        {ruleFilter !== null && (
                          <>
                            {' '}
                            <button type="button" class="link" data-action="clear-rule-filter" onClick={() => setRuleFilter(null)}>
                              {store.tr('sweepAllRules')}
                            </button>
                          </>
                        )}
                      </h3>
                      <SuggestionList list={all.slice(0, shown)} swept />
                      {all.length > shown && (
                        <button type="button" class="link" data-action="more-suggestions" onClick={() => setShown(shown + 20)}>
                          {store.tr('sweepMore', { n: all.length - shown })}
                        </button>
                      )}
                    </div>
                  );
                })()}
            </div>
          )}
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {!active && page?.sweepable && (
          <>
            <label class="small">
              {store.tr('sweepRate')}{' '}
              <select name="sweep-rate" value={rate} onChange={(e) => setRate(e.currentTarget.value)}>
                {SWEEP_RATES.map((ms) => (
                  <option key={ms} value={String(ms)}>
                    {store.tr('sweepRateOption', { n: (1000 / ms).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 }) })}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              class="primary"
              data-action="start-sweep"
              onClick={async () => {
                setError(await store.startSweep(Number(rate)));
              }}
            >
              {store.tr('sweepStart')}
            </button>
          </>
        )}
        {sweep?.status === 'running' && (
          <button type="button" data-action="pause-sweep" onClick={() => void store.controlSweep('pause')}>
            {store.tr('sweepPause')}
          </button>
        )}
        {sweep?.status === 'paused' && (
          <button type="button" class="primary" data-action="resume-sweep" onClick={() => void store.controlSweep('resume')}>
            {store.tr('sweepResume')}
          </button>
        )}
        {active && (
          <button type="button" data-action="cancel-sweep" onClick={() => void store.controlSweep('cancel')}>
            {store.tr('sweepCancel')}
          </button>
        )}
        {sweep && !active && (
          <button type="button" class="link" data-action="clear-sweep" onClick={() => void store.controlSweep('clear')}>
            {store.tr('sweepClear')}
          </button>
        )}
      </div>
    </section>
  );
}

function ConflictCard({ c }: { c: ConflictView }) {
  const store = useStore();
  const item = store.itemById.value.get(c.itemId);
  return (
    <li class="conflict" data-testid="conflict">
      <div>
        <strong>{item?.code ?? c.itemId}</strong> {store.tr('conflictHelp')}
      </div>
      <div class="versions">
        <div>
          <div class="muted">{store.tr('mine')}</div>
          <ResultPill result={c.mine.result} />
          <p class="note">{c.mine.note}</p>
        </div>
        <div>
          <div class="muted">{store.tr('theirs')}</div>
          <ResultPill result={c.theirs.result} />
          <p class="note">{c.theirs.note}</p>
        </div>
      </div>
      <div class="actions">
        <button type="button" onClick={() => void store.resolve(c.opId, 'mine')}>
          {store.tr('keepMine')}
        </button>
        <button type="button" onClick={() => void store.resolve(c.opId, 'theirs')}>
          {store.tr('takeTheirs')}
        </button>
      </div>
    </li>
  );
}

/** Saves text as a file from the panel (no permission needed: a link with `download`). */
function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const RESULTS: readonly string[] = KEY_RESULTS;

function RejectedCard({ r }: { r: RejectedView }) {
  const store = useStore();
  const lang = store.lang.value;
  const data = (typeof r.data === 'object' && r.data !== null ? r.data : {}) as { item_id?: unknown; result?: unknown };
  const item = typeof data.item_id === 'string' ? store.itemById.value.get(data.item_id) : undefined;
  const result = typeof data.result === 'string' && RESULTS.includes(data.result) ? (data.result as Result) : null;
  return (
    <li class="rejected" data-testid="rejected" data-op-id={r.opId} data-code={r.code}>
      <div class="rejected-head">
        <strong>{opKindLabel(lang, r.kind)}</strong>
        {item && <code>{item.code}</code>}
        {result && <ResultPill result={result} />}
      </div>
      <p class="reason">{rejectionReason(lang, r.code)}</p>
      {r.detail && (
        <p class="muted small detail" lang="en">
          {r.detail}
        </p>
      )}
      {r.errors.length > 0 && (
        <div class="small">
          <span class="muted">{store.tr('problemFields')}:</span>
          <ul class="paths">
            {r.errors.map((e, i) => (
              <li key={`${e.path}-${i}`}>
                <code>{e.path}</code> — <span lang="en">{e.message}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="muted small">
        {store.tr('problemCode', { code: r.status ? `${r.code} (${r.status})` : r.code })} · {formatWhen(lang, r.queuedAt)}
      </div>
      <button type="button" class="link" data-action="dismiss" onClick={() => void store.dismiss(r.opId)}>
        {store.tr('dismiss')}
      </button>
    </li>
  );
}

function Problems() {
  const store = useStore();
  const s = store.sync.value;
  if (!s || (s.conflicts.length === 0 && s.rejected.length === 0)) return null;
  return (
    <section class="card problems" aria-labelledby="problems-title">
      {/* The panel's outline: h1 the product, h2 each section; the two lists keep their h3 below this one. */}
      <h2 id="problems-title" class="visually-hidden">
        {store.tr('problems')}
      </h2>
      {s.conflicts.length > 0 && (
        <>
          <h3>{store.tr('conflicts')}</h3>
          <ul>
            {s.conflicts.map((c) => (
              <ConflictCard key={c.opId} c={c} />
            ))}
          </ul>
        </>
      )}
      {s.rejected.length > 0 && (
        <div data-testid="rejected-ops">
          <h3>{store.tr('rejected', { n: s.rejected.length })}</h3>
          <p class="muted small">{store.tr('rejectedHelp')}</p>
          <div class="actions">
            <button
              type="button"
              data-action="export-rejected"
              onClick={() => {
                const file = store.rejectedExport();
                downloadText(file.name, file.text);
                store.exported(file.count);
              }}
            >
              {store.tr('exportRejected')}
            </button>
            <button type="button" data-action="dismiss-all" onClick={() => void store.dismissAll()}>
              {store.tr('dismissAll')}
            </button>
          </div>
          <ul>
            {s.rejected.map((r) => (
              <RejectedCard key={r.opId} r={r} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function FindingRow({ f }: { f: LocalFinding }) {
  const store = useStore();
  const lang = store.lang.value;
  const mine = f.recorded_by === store.user.value?.id;
  const evidence = store.evidence.value[f.id] ?? [];
  return (
    <li class="finding" data-testid="finding" data-finding-id={f.id} data-result={f.result}>
      <div class="finding-head">
        <ResultPill result={f.result} />
        {f.dossier_code && <code>{f.dossier_code}</code>}
        {f.pending && <span class="tag">{store.tr('pendingBadge')}</span>}
        {f.conflict && <span class="tag warn">{store.tr('conflictBadge')}</span>}
      </div>
      {f.note && <p class="note">{f.note}</p>}
      <div class="muted small">{store.tr('byWhom', { who: f.recorded_by_name ?? '—', when: formatWhen(lang, f.recorded_at) })}</div>
      {mine && (
        <div class="finding-actions">
          <button type="button" data-action="capture-selection" onClick={() => void store.capture(f, 'selection')}>
            {store.tr('captureSelection')}
          </button>
          <button type="button" data-action="pick-element" onClick={() => void store.capture(f, 'element')}>
            {store.tr('pickElement')}
          </button>
          <button type="button" class="link" onClick={() => store.startEdit(f)}>
            {store.tr('edit')}
          </button>
          <button type="button" class="link danger" onClick={() => void store.remove(f)}>
            {store.tr('delete')}
          </button>
        </div>
      )}
      {(evidence.length > 0 || f.evidence_count > 0) && (
        <div class="evidence">
          <div class="muted small">
            {store.tr('evidence')} ({Math.max(evidence.length, f.evidence_count)})
          </div>
          <ul>
            {evidence.map((e) => (
              <li key={e.id} data-testid="evidence" data-state={e.state}>
                {e.quote ? <q>{e.quote}</q> : <span class="muted">{e.page_title}</span>}
                {e.has_blob && <span class="tag">📷</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

function ItemEditor({ item }: { item: ChecklistItemView }) {
  const store = useStore();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const list = (store.findingsByItem.value.get(item.id) ?? []).filter((f) => !f.deleted);
  const lang = store.lang.value;
  const required = store.noteRequiredFor.value;
  useEffect(() => {
    if (store.editingId.value) noteRef.current?.focus();
  }, [store.editingId.value]);
  // A nonconformity chosen without a note: the note field takes the focus (again on every attempt) and says why.
  useEffect(() => {
    if (required) noteRef.current?.focus();
  }, [required, store.noteAsked.value]);
  const noteInvalid = required !== null && store.noteDraft.value.trim() === '';
  return (
    <div class="editor">
      {item.guidance_vi && lang === 'vi' && <p class="muted small">{item.guidance_vi}</p>}
      {item.evidence_hint_vi && lang === 'vi' && <p class="muted small">{item.evidence_hint_vi}</p>}
      <label>
        <span>
          {store.tr('note')}
          {required && <span class="required-mark"> *</span>}
        </span>
        <textarea
          ref={noteRef}
          name="note"
          rows={3}
          placeholder={store.tr('notePlaceholder')}
          value={store.noteDraft.value}
          aria-invalid={noteInvalid ? 'true' : undefined}
          aria-required={required ? 'true' : undefined}
          aria-describedby={required ? `note-required-${item.id}` : undefined}
          onInput={(e) => (store.noteDraft.value = e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              focusItemHead(e.currentTarget);
            } else if (e.key === 'Enter' && !e.shiftKey && required && store.noteDraft.value.trim() !== '') {
              // The nonconformity waiting for its note is recorded now; Shift+Enter still starts a new line.
              e.preventDefault();
              void store.record(required).then(() => focusItemHead(noteRef.current));
            }
          }}
        />
      </label>
      {required && (
        <div class="note-required" id={`note-required-${item.id}`} role="alert" data-testid="note-required" data-result={required}>
          <p class="error">{store.tr('noteRequired')}</p>
          <p class="small">{store.tr('noteRequiredHow', { result: resultLabel(lang, required) })}</p>
          <button type="button" class="primary" data-action="record-with-note" onClick={() => void store.record(required)}>
            {store.tr('noteRequiredRecord', { result: resultLabel(lang, required) })}
          </button>
        </div>
      )}
      <label>
        {store.tr('dossierCode')} {store.dossierFromPage.value && <span class="muted small">({store.tr('fromPage')})</span>}
        <input
          name="dossier"
          value={store.dossierDraft.value}
          onInput={(e) => {
            store.dossierDraft.value = e.currentTarget.value;
            store.dossierFromPage.value = false;
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') focusItemHead(e.currentTarget);
          }}
        />
      </label>
      <FilingLine />
      {!store.editingId.value && <UnitWarning compact />}
      <div class="results" role="group">
        {KEY_RESULTS.map((r, i) => (
          <button type="button" key={r} class={`result r-${r}`} data-result={r} title={requiresNote(r) ? store.tr('noteRequired') : undefined} disabled={!store.editingId.value && store.filing.value?.needsChoice === true} onClick={() => void store.record(r)}>
            <kbd>{i + 1}</kbd> {resultLabel(lang, r)}
          </button>
        ))}
      </div>
      <label class="check">
        <input type="checkbox" checked={store.screenshot.value} onChange={(e) => (store.screenshot.value = e.currentTarget.checked)} /> {store.tr('withScreenshot')}
      </label>
      <h4>{store.tr('findingsForItem', { n: list.length })}</h4>
      {list.length === 0 ? (
        <p class="muted small">{store.tr('noFindings')}</p>
      ) : (
        <ul class="findings">
          {list.map((f) => (
            <FindingRow key={f.id} f={f} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** The head (the roving Tab stop) of the checklist item holding `from`. */
function focusItemHead(from: Element | null): void {
  from?.closest('[data-item-id]')?.querySelector<HTMLElement>(':scope > .item-head')?.focus();
}

/**
 * The checklist: one Tab stop (issue 16). Only one item's head is in the Tab order (the open item's, else the first);
 * on a head, ↑/↓ (or j/k) open the previous/next item, Home/End the first/last, 1–6 record a result for it and Enter
 * goes to its note. Escape in the editor comes back to the head.
 */
function Checklist() {
  const store = useStore();
  const listRef = useRef<HTMLDivElement>(null);
  /** The head that last had the focus: it stays the Tab stop when its item is closed. */
  const [lastHead, setLastHead] = useState<string | null>(null);
  const focusedId = store.focusedId.value;
  useEffect(() => {
    if (!focusedId) return;
    listRef.current?.querySelector(`[data-item-id="${CSS.escape(focusedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focusedId]);
  if (!store.scope.value) return null;
  if (store.loadingChecklist.value && store.items.value.length === 0) return <p class="muted">{store.tr('loading')}</p>;
  const ordered = store.groups.value.flatMap((g) => g.items);
  const listed = (id: string | null) => id !== null && ordered.some((i) => i.id === id);
  const tabStop = listed(focusedId) ? focusedId : listed(lastHead) ? lastHead : (ordered[0]?.id ?? null);
  /** Opens the item and moves the focus to its head at once (every head is in the DOM; keyboard moves only). */
  const moveTo = (id: string | undefined) => {
    if (!id) return;
    store.focusItem(id);
    listRef.current?.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(id)}"] > .item-head`)?.focus();
  };
  return (
    <section class="checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title" class="visually-hidden">
        {store.tr('checklist')}
      </h2>
      <input class="search" type="search" name="search" aria-label={store.tr('searchItems')} placeholder={store.tr('searchItems')} value={store.search.value} onInput={(e) => (store.search.value = e.currentTarget.value)} />
      <p class="muted small" id="checklist-keys">
        {store.tr('keyboardHelp')}
      </p>
      <div
        ref={listRef}
        data-list
        class="list"
        onKeyDown={(e) => {
          const head = (e.target as HTMLElement).closest<HTMLElement>('.item-head');
          const id = head?.closest<HTMLElement>('[data-item-id]')?.dataset.itemId;
          if (!head || !id || e.target !== head || e.altKey || e.ctrlKey || e.metaKey) return;
          const at = ordered.findIndex((i) => i.id === id);
          if (e.key === 'ArrowDown' || e.key === 'j') {
            e.preventDefault();
            moveTo(ordered[Math.min(ordered.length - 1, at + 1)]?.id);
          } else if (e.key === 'ArrowUp' || e.key === 'k') {
            e.preventDefault();
            moveTo(ordered[Math.max(0, at - 1)]?.id);
          } else if (e.key === 'Home') {
            e.preventDefault();
            moveTo(ordered[0]?.id);
          } else if (e.key === 'End') {
            e.preventDefault();
            moveTo(ordered.at(-1)?.id);
          } else if (/^[1-6]$/.test(e.key)) {
            e.preventDefault();
            store.focusItem(id);
            store.recordByKey(Number(e.key));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const note = () => head.parentElement?.querySelector<HTMLTextAreaElement>('textarea[name="note"]') ?? null;
            if (note()) note()?.focus();
            else {
              // The editor renders with the item: its note is focused on the next frame.
              store.focusItem(id);
              requestAnimationFrame(() => note()?.focus());
            }
          }
        }}
      >
        {store.groups.value.map((g) => (
          <div key={g.key} class="group" data-group={g.key}>
            <h3>{g.title}</h3>
            <ul>
              {g.items.map((item) => {
                const open = item.id === focusedId;
                const latest = store.latestResult.value.get(item.id) ?? item.item_result;
                return (
                  <li key={item.id} class={`item ${open ? 'open' : ''}`} data-item-id={item.id} data-item-code={item.code}>
                    <button
                      type="button"
                      class="item-head"
                      tabIndex={item.id === tabStop ? 0 : -1}
                      aria-expanded={open}
                      aria-describedby="checklist-keys"
                      onFocus={() => setLastHead(item.id)}
                      onClick={() => store.focusItem(open ? null : item.id)}
                    >
                      <code>{item.code}</code>
                      <span class="item-text">{store.lang.value === 'en' && item.text_en ? item.text_en : item.text_vi}</span>
                      <ResultPill result={latest ?? null} />
                    </button>
                    {open && <ItemEditor item={item} />}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}

/**
 * Asks before a capture is attached, keyboard first (the default answer has the focus), Escape cancels: every capture
 * handed in from the page (issue 13: the page can script its own DOM, not this panel), with its quote as it will be
 * stored; and the panel's own capture from another dossier than the finding's.
 */
function ConfirmCapture() {
  const store = useStore();
  const pending = store.pendingCapture.value;
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) first.current?.focus();
  }, [pending]);
  if (!pending) return null;
  const q =
    pending.source === 'page'
      ? { question: pending.view.question, captureDossier: pending.view.captureDossier ?? '', findingDossier: pending.view.findingDossier }
      : { question: pending.findingDossier === null ? ('no_dossier' as const) : ('other_dossier' as const), captureDossier: pending.captureDossier, findingDossier: pending.findingDossier };
  const question =
    q.question === 'no_dossier'
      ? store.tr('confirmNoDossier', { capture: q.captureDossier })
      : q.question === 'other_dossier'
        ? store.tr('confirmDossier', { capture: q.captureDossier, finding: q.findingDossier ?? '' })
        : null;
  const view = pending.source === 'page' ? pending.view : null;
  const finding = view ? store.findings.value.find((f) => f.id === view.findingId) : undefined;
  const item = finding ? store.items.value.find((i) => i.id === finding.item_id) : undefined;
  return (
    <div
      class="confirm-capture"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="confirm-capture-text"
      data-testid="confirm-capture"
      data-source={pending.source}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          void store.answerCapture('cancel');
        }
      }}
    >
      {view && (
        <>
          <p id="confirm-capture-text" class="confirm-title">
            {store.tr('pendingTitle')}
          </p>
          <p class="muted">
            {item ? store.tr('pendingFor', { item: item.code }) : null}
            {item ? ' · ' : null}
            {view.captureDossier ? store.tr('pendingDossier', { code: view.captureDossier }) : store.tr('pendingNoDossier')}
          </p>
          <blockquote data-testid="confirm-quote">{view.quote || store.tr('pendingEmptyQuote')}</blockquote>
          {view.screenshot && <p class="muted">{store.tr('pendingScreenshot')}</p>}
        </>
      )}
      {question && <p id={view ? undefined : 'confirm-capture-text'}>{question}</p>}
      <div class="actions">
        {q.question === 'no_dossier' ? (
          <>
            <button type="button" ref={first} data-confirm="attach" onClick={() => void store.answerCapture('attach_set')}>
              {store.tr('attachAndSet')}
            </button>
            <button type="button" data-confirm="attach-only" onClick={() => void store.answerCapture('attach')}>
              {store.tr('attachOnly')}
            </button>
          </>
        ) : (
          <button type="button" ref={first} data-confirm="attach" onClick={() => void store.answerCapture('attach')}>
            {store.tr(view ? 'pendingAttach' : 'attach')}
          </button>
        )}
        <button type="button" class="link" data-confirm="cancel" onClick={() => void store.answerCapture('cancel')}>
          {store.tr('cancel')}
        </button>
      </div>
    </div>
  );
}

function ToastView() {
  const store = useStore();
  const toast = store.toast.value;
  if (!toast) return null;
  return (
    <div class={`toast ${toast.kind}`} role="status" data-testid="toast" data-seq={toast.seq}>
      {toast.text}
    </div>
  );
}

export function App() {
  const store = useStore();
  // The document's language follows the panel's (screen readers read the page's `lang` first).
  useEffect(() => {
    document.documentElement.lang = store.lang.value;
  }, [store.lang.value]);
  if (!store.ready.value) return <p class="muted">{store.tr('loading')}</p>;
  return (
    <main lang={store.lang.value}>
      <Header />
      {!store.user.value ? (
        <Login />
      ) : (
        <>
          <ScopePicker />
          <PageBanner />
          <Suggestions />
          <Sweep />
          <Problems />
          <Checklist />
        </>
      )}
      <ConfirmCapture />
      <ToastView />
    </main>
  );
}
