/** Days as the API writes them (YYYY-MM-DD): read from an address, and counted back. */

/** The day if `value` is a real one (2024-02-29), undefined for anything else (2025-02-30, 1/7/2025). */
export function readDay(value: string | null | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value : undefined;
}

/**
 * The day before: a closed unit's `valid_to` is the first day of the new state, so the tree it
 * last stood in is that of the day before.
 */
export function dayBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date - 1)).toISOString().slice(0, 10);
}
