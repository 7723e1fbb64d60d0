// Site profiles reach open pages within a minute: the minute alarm fetches them again, and a change rewrites the
// overlay state every page draws from (before, a change waited ten minutes and a change of unit).
import type { SiteProfile } from '@onestop/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { legacyApiBaseItem as apiBaseItem, overlayStateItem, legacySessionItem as sessionItem } from '../storage.ts';
import { FakeApi } from '../testing/fake-api.ts';
import { fixtureProfile } from '../testing/fixtures.ts';
import { createBackground } from './service.ts';

const profile = (name: string): SiteProfile => ({ ...fixtureProfile(), name });
const record = (p: SiteProfile, version: number) => ({ id: '01890000-0000-7000-8000-0000000000f1', name: p.name, version, active: true, profile: p, created_at: '2026-12-01T00:00:00.000Z', updated_at: '2026-12-01T00:00:00.000Z' });

describe('site profiles in the background', () => {
  afterEach(() => vi.useRealTimers());

  it('fetches them again after a minute and redraws open pages when one changed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-06T08:00:00Z'));
    const api = new FakeApi();
    await apiBaseItem.setValue('https://api.test');
    await sessionItem.setValue({ token: 'token-token-token-token', user: { id: api.userId, email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector', unit_name: null }, expires_at: '2099-01-01T00:00:00Z', api_base: 'https://api.test' });
    const bg = createBackground({ dbName: 'profiles-test', fetch: api.fetch });
    api.profiles = [record(profile('Hệ thống A'), 1)];
    expect((await bg.refreshProfiles()).map((p) => p.name)).toEqual(['Hệ thống A']);
    await bg.refreshOverlay();
    expect((await overlayStateItem.getValue())?.profiles.map((p) => p.name)).toEqual(['Hệ thống A']);

    // An admin renames it; within the cache's age nothing is fetched.
    api.profiles = [record(profile('Hệ thống A (sửa)'), 2)];
    const fetches = () => api.requests.filter((r) => r.path.endsWith('/site-profiles')).length;
    const before = fetches();
    vi.setSystemTime(new Date('2026-12-06T08:00:30Z'));
    await bg.refreshProfiles();
    expect(fetches()).toBe(before);

    // The next minute alarm fetches it and the overlay state, which every open page draws from, has the change.
    vi.setSystemTime(new Date('2026-12-06T08:01:00Z'));
    expect((await bg.refreshProfiles()).map((p) => p.name)).toEqual(['Hệ thống A (sửa)']);
    expect(fetches()).toBe(before + 1);
    expect((await overlayStateItem.getValue())?.profiles.map((p) => p.name)).toEqual(['Hệ thống A (sửa)']);
  });
});
