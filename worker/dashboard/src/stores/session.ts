// The signed-in person: who they are, their unit and the units they may see; sign-in and sign-out with the
// HttpOnly session cookie (the token never reaches JavaScript).
import { LoginResponseSchema, MeSchema, type Me, type Role, type UnitRef } from '@onestop/shared';
import { batch, computed, signal } from '@preact/signals';
import { toProblem, type Api, type ApiProblem } from '../lib/api.ts';

export type SessionStatus = 'loading' | 'signed_out' | 'signed_in' | 'unreachable';

export function createSessionStore(api: Api) {
  const me = signal<Me | null>(null);
  const status = signal<SessionStatus>('loading');
  /** Why the last sign-in failed, or why the session could not be checked. */
  const error = signal<ApiProblem | null>(null);
  /** True when the session ended while the person was working (a request answered 401). */
  const expired = signal(false);
  const busy = signal(false);

  const role = computed<Role | null>(() => me.value?.user.role ?? null);
  /** An administrator set the password: until the person picks their own, only the change-password screen shows. */
  const mustChangePassword = computed(() => me.value?.user.must_change_password === true);
  const unitsById = computed(() => new Map<string, UnitRef>((me.value?.visible_units ?? []).map((u) => [u.id, u])));
  const childrenOf = computed(() => {
    const map = new Map<string, UnitRef[]>();
    for (const u of me.value?.visible_units ?? []) {
      if (u.parent_id === null) continue;
      const list = map.get(u.parent_id);
      if (list) list.push(u);
      else map.set(u.parent_id, [u]);
    }
    return map;
  });

  async function refresh(): Promise<void> {
    try {
      const value = await api.get('/auth/me', MeSchema);
      batch(() => {
        me.value = value;
        status.value = 'signed_in';
        error.value = null;
      });
    } catch (err) {
      const p = toProblem(err);
      batch(() => {
        me.value = null;
        if (p.status === 401) {
          status.value = 'signed_out';
        } else {
          status.value = 'unreachable';
          error.value = p;
        }
      });
    }
  }

  async function signIn(email: string, password: string): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      await api.send('POST', '/auth/login', { email, password, session: 'cookie' }, LoginResponseSchema);
      await refresh();
      expired.value = false;
      return status.value === 'signed_in';
    } catch (err) {
      error.value = toProblem(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function signOut(): Promise<void> {
    try {
      await api.sendEmpty('POST', '/auth/logout');
    } catch {
      // the cookie may already be gone; signing out locally is what matters
    }
    batch(() => {
      me.value = null;
      status.value = 'signed_out';
      expired.value = false;
    });
  }

  /** The session ended on the server (signed out here from the sessions page): back to the sign-in page. */
  function signedOutElsewhere(): void {
    batch(() => {
      me.value = null;
      status.value = 'signed_out';
      expired.value = false;
    });
  }

  /**
   * A request answered 401: the session ended (expired, revoked, or the account was disabled). The person stays on
   * their page (what they typed is kept) and signs in again in a dialog.
   */
  function expire(): void {
    if (status.value !== 'signed_in') return;
    batch(() => {
      expired.value = true;
      error.value = null;
    });
  }

  /** The path from the caller's root unit down to `unitId` (inclusive), for breadcrumbs. */
  function pathTo(unitId: string): UnitRef[] {
    const out: UnitRef[] = [];
    const seen = new Set<string>();
    let cur = unitsById.value.get(unitId);
    while (cur && !seen.has(cur.id)) {
      out.unshift(cur);
      seen.add(cur.id);
      cur = cur.parent_id ? unitsById.value.get(cur.parent_id) : undefined;
    }
    return out;
  }

  return { me, status, error, expired, busy, role, mustChangePassword, unitsById, childrenOf, refresh, signIn, signOut, signedOutElsewhere, expire, pathTo };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
