/**
 * Days as ISO strings (`2026-12-07`, UTC), and which Hugging Face days a fetch asks for. A day's
 * list fills during that day and may be back-filled the next, so today and yesterday are asked
 * again on every fetch; an older day is asked once more if it was last asked on its own day,
 * then it is settled: a second run sends nothing for it. After a holiday every day missed since the last
 * fetch is caught up, newest first, up to a limit.
 */
import type { SourceState } from './state';

export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The UTC day of a time. */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return utcDay(date);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export interface DayPlanOptions {
  /** The newest day asked (today, or `--date`). */
  readonly newest: string;
  /** Today, UTC: what counts as still filling. */
  readonly today: string;
  /** How many days back at most (`digestNotes.fetch.catchUpDays`, default 14). */
  readonly catchUpDays: number;
  /** Exactly this many days ending at `newest` (`--days N`) instead of "since the last fetch". */
  readonly days?: number;
  /** Days whose file is already in the fetch folder. */
  readonly onDisk: ReadonlySet<string>;
}

/**
 * The days to ask Hugging Face for, newest first: those of the window that are not settled. The
 * window runs from the day before the last fetch (it may have been "yesterday" then) to
 * `newest`; without a last fetch, today and yesterday.
 */
export function huggingFaceDays(state: SourceState | undefined, options: DayPlanOptions): string[] {
  const limit = Math.max(1, Math.floor(options.catchUpDays));
  let count: number;
  if (options.days !== undefined) count = Math.max(1, Math.floor(options.days));
  else if (state?.lastFetch !== undefined) count = Math.min(limit, daysBetween(utcDay(new Date(state.lastFetch)), options.newest) + 2);
  else count = 2;
  count = Math.max(1, count);
  const days: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = addDays(options.newest, -i);
    if (!isSettled(day, state, options)) days.push(day);
  }
  return days;
}

/**
 * A day older than yesterday is settled once it was asked for on the day after it or later (as
 * "yesterday", when back-fills have come in), or when its file is on disk and no fetch of ours
 * asked for it (a co-author's committed file). Today and yesterday are never settled.
 */
export function isSettled(day: string, state: SourceState | undefined, options: Pick<DayPlanOptions, 'today' | 'onDisk'>): boolean {
  if (daysBetween(day, options.today) < 2) return false;
  const record = state?.days?.[day];
  if (record !== undefined) return daysBetween(day, record.checked) >= 1;
  return options.onDisk.has(day);
}
