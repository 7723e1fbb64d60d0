// Clock helpers: one place to read "now" so expiry logic is testable.
export const nowIso = () => new Date().toISOString();
export const addSeconds = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** Today's calendar date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}
