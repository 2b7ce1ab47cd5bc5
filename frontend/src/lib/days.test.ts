import { describe, expect, it } from 'vitest';
import { dayBefore, readDay } from './days';

describe('readDay', () => {
  it('takes only real days written as the API writes them', () => {
    expect(readDay('2025-07-01')).toBe('2025-07-01');
    expect(readDay('2024-02-29')).toBe('2024-02-29');
    expect(readDay('2025-02-29')).toBeUndefined();
    expect(readDay('2025-7-1')).toBeUndefined();
    expect(readDay('01/07/2025')).toBeUndefined();
    expect(readDay(null)).toBeUndefined();
  });
});

describe('dayBefore', () => {
  it('counts back across months and years', () => {
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });
});
