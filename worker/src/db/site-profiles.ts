// Site profiles stored as validated JSON documents; each update bumps the version and is logged.
import { uuidv7 } from '../lib/ids.ts';

export interface SiteProfileRow {
  id: string;
  name: string;
  profile: string;
  active: number;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export function toSiteProfile(row: SiteProfileRow) {
  return {
    id: row.id,
    name: row.name,
    active: row.active === 1,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
    profile: JSON.parse(row.profile) as unknown,
  };
}

export async function listSiteProfiles(db: D1Database, opts: { includeInactive?: boolean } = {}): Promise<SiteProfileRow[]> {
  const { results } = await db
    .prepare(`SELECT * FROM site_profiles ${opts.includeInactive ? '' : 'WHERE active = 1'} ORDER BY name`)
    .all<SiteProfileRow>();
  return results;
}

export async function getSiteProfile(db: D1Database, id: string): Promise<SiteProfileRow | null> {
  return db.prepare('SELECT * FROM site_profiles WHERE id = ?').bind(id).first<SiteProfileRow>();
}

export function insertSiteProfile(db: D1Database, p: { name: string; profile: unknown; createdBy: string }, now: string) {
  const id = uuidv7();
  return {
    id,
    statement: db
      .prepare('INSERT INTO site_profiles (id, name, profile, active, version, created_by, created_at, updated_at) VALUES (?, ?, ?, 1, 1, ?, ?, ?)')
      .bind(id, p.name, JSON.stringify(p.profile), p.createdBy, now, now),
  };
}

export function updateSiteProfile(db: D1Database, id: string, version: number, p: { name: string; profile: unknown; active: boolean }, now: string): D1PreparedStatement {
  return db
    .prepare('UPDATE site_profiles SET name = ?, profile = ?, active = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?')
    .bind(p.name, JSON.stringify(p.profile), p.active ? 1 : 0, now, id, version);
}

/**
 * The codes among `codes` that name no unit (unit codes are unique among current units; a code of an ended unit still
 * names one, so a profile of a system that outlived a merger stays valid). Returned in the order given, once each.
 */
export async function unknownUnitCodes(db: D1Database, codes: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return [];
  const known = new Set<string>();
  // D1 binds at most 100 parameters per statement; a profile names at most 50 units.
  for (let i = 0; i < wanted.length; i += 90) {
    const chunk = wanted.slice(i, i + 90);
    const { results } = await db
      .prepare(`SELECT DISTINCT code FROM units WHERE code IN (${chunk.map(() => '?').join(', ')})`)
      .bind(...chunk)
      .all<{ code: string }>();
    for (const r of results) known.add(r.code);
  }
  return wanted.filter((c) => !known.has(c));
}
