import { describe, expect, it } from 'vitest';
import { periodContaining, periodsOfYear, periodTypeOf, previousPeriod, recentPeriods, sortPeriods } from './periods';

describe('previousPeriod', () => {
  it.each([
    ['2023', '2022'],
    ['2024Q2', '2024Q1'],
    ['2024Q1', '2023Q4'],
    ['2024S2', '2024S1'],
    ['2024S1', '2023S2'],
    ['2024N9', '2023N9'],
    ['202403', '202402'],
    ['202401', '202312'],
    ['202412', '202411'],
  ])('the period before %s is %s', (id, expected) => {
    expect(previousPeriod(id)).toBe(expected);
  });

  it('knows nothing before an unreadable identifier', () => {
    expect(previousPeriod('2024Q5')).toBeNull();
    expect(previousPeriod('')).toBeNull();
  });
});

describe('period types and years', () => {
  it('names the type as the API does', () => {
    expect(periodTypeOf('2024')).toBe('year');
    expect(periodTypeOf('2024S1')).toBe('semiannual');
    expect(periodTypeOf('2024N9')).toBe('nine_months');
    expect(periodTypeOf('2024Q3')).toBe('quarter');
    expect(periodTypeOf('202407')).toBe('month');
    expect(periodTypeOf('x')).toBeNull();
  });

  it('lists the periods of a year in order', () => {
    expect(periodsOfYear('quarter', 2024)).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(periodsOfYear('semiannual', 2024)).toEqual(['2024S1', '2024S2']);
    expect(periodsOfYear('year', 2024)).toEqual(['2024']);
    expect(periodsOfYear('nine_months', 2024)).toEqual(['2024N9']);
    expect(periodsOfYear('month', 2024)).toHaveLength(12);
    expect(periodsOfYear('month', 2024)[0]).toBe('202401');
  });

  it('finds the period a day falls in', () => {
    const day = new Date(2024, 4, 20);
    expect(periodContaining('quarter', day)).toBe('2024Q2');
    expect(periodContaining('semiannual', day)).toBe('2024S1');
    expect(periodContaining('month', day)).toBe('202405');
    expect(periodContaining('year', day)).toBe('2024');
    expect(periodContaining('semiannual', new Date(2024, 6, 1))).toBe('2024S2');
  });

  it('offers the recent periods, latest first, across a year end', () => {
    expect(recentPeriods('quarter', new Date(2024, 1, 1), 3)).toEqual(['2024Q1', '2023Q4', '2023Q3']);
    expect(recentPeriods('year', new Date(2024, 1, 1), 3)).toEqual(['2024', '2023', '2022']);
  });

  it('sorts periods in time order', () => {
    expect(sortPeriods(['2024Q2', '2023Q4', '2024Q1'])).toEqual(['2023Q4', '2024Q1', '2024Q2']);
    expect(sortPeriods(['2024', '2022', '2023'])).toEqual(['2022', '2023', '2024']);
  });
});
