import { describe, expect, it } from 'vitest';
import {
  formatDate, formatDateTime, formatNumber, formatPercent, formatPeriod, formatShare, parseNumber,
  parsePeriod,
} from './format';

describe('formatNumber', () => {
  it.each([
    [1294, '1.294'],
    [52620, '52.620'],
    [25.5, '25,5'],
    [0, '0'],
    [7, '7'],
    [1234567, '1.234.567'],
    [-1294.75, '-1.294,75'],
    [3.14159, '3,14'],
  ])('writes %s as %s in Vietnamese', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it.each([
    [1294, '1,294'],
    [25.5, '25.5'],
    [1234567.5, '1,234,567.5'],
  ])('writes %s as %s in English', (value, expected) => {
    expect(formatNumber(value, 'en')).toBe(expected);
  });

  it('honours the number of decimals asked for', () => {
    expect(formatNumber(2.456, 'vi', 0)).toBe('2');
    expect(formatNumber(2.456, 'vi', 3)).toBe('2,456');
  });

  it('shows missing values as a dash', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});

describe('formatPercent and formatShare', () => {
  it.each([
    [25.5, '25,5%'],
    [86.666, '86,7%'],
    [100, '100%'],
    [0, '0%'],
    [12.04, '12%'],
  ])('writes %s points as %s', (points, expected) => {
    expect(formatPercent(points)).toBe(expected);
  });

  it('writes English percents with a decimal point', () => {
    expect(formatPercent(25.5, 'en')).toBe('25.5%');
  });

  it('computes the share of a ratio from its parts', () => {
    expect(formatShare(13, 15)).toBe('86,7%');
    expect(formatShare(24, 30)).toBe('80%');
    expect(formatShare(24, 24)).toBe('100%');
    expect(formatShare(1, 3, 'en')).toBe('33.3%');
  });

  it('refuses a share of nothing', () => {
    expect(formatShare(0, 0)).toBe('—');
    expect(formatShare(null, 10)).toBe('—');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('parseNumber', () => {
  it.each([
    ['1.294', 1294],
    ['52.620', 52620],
    ['1.234.567', 1234567],
    ['25,5', 25.5],
    ['1.294,75', 1294.75],
    ['0,5', 0.5],
    ['42', 42],
    ['-3', -3],
    ['-1.294,5', -1294.5],
    ['+7', 7],
    [' 52 620 ', 52620],
    ['52\u00a0620', 52620],
    ['25,5%', 25.5],
    ['25.5', 25.5],
    ['0.5', 0.5],
    ['0.500', 0.5],
  ])('reads Vietnamese %j as %s', (input, expected) => {
    expect(parseNumber(input)).toBe(expected);
  });

  it.each(['', '   ', 'abc', '1,2,3', '12a', '1.23.456', ',5', '1,', '--1', '1..2', '.', '1.2.3'])(
    'rejects %j',
    (input) => {
      expect(parseNumber(input)).toBeNull();
    },
  );

  it.each([
    ['1,294', 1294],
    ['25.5', 25.5],
    ['1,234,567.25', 1234567.25],
  ])('reads English %j as %s', (input, expected) => {
    expect(parseNumber(input, 'en')).toBe(expected);
  });

  it('rejects English input with a misplaced group separator', () => {
    expect(parseNumber('25,5', 'en')).toBeNull();
  });

  it('round-trips what formatNumber writes', () => {
    for (const value of [0, 7, 1294, 52620, 25.5, 1294.75, -3.25, 1234567]) {
      expect(parseNumber(formatNumber(value))).toBe(value);
      expect(parseNumber(formatNumber(value, 'en'), 'en')).toBe(value);
    }
  });
});

describe('formatDate and formatDateTime', () => {
  it('writes a calendar date without shifting it', () => {
    expect(formatDate('2024-03-05')).toBe('05/03/2024');
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    expect(formatDate('2024-12-31')).toBe('31/12/2024');
  });

  it('writes a timestamp as the date it is in Vietnam', () => {
    // 20:00 UTC on 31 December is already New Year's Day in Hà Nội (UTC+7).
    expect(formatDate('2024-12-31T20:00:00Z')).toBe('01/01/2025');
    expect(formatDate(new Date('2024-03-05T01:00:00Z'))).toBe('05/03/2024');
  });

  it('writes date and time in Vietnam time, 24-hour clock', () => {
    expect(formatDateTime('2024-03-05T01:30:00Z')).toBe('05/03/2024 08:30');
    expect(formatDateTime('2024-03-05T17:05:00Z')).toBe('06/03/2024 00:05');
    expect(formatDateTime('2024-03-05T08:30:00+07:00')).toBe('05/03/2024 08:30');
    expect(formatDateTime('2024-06-14T16:59:00Z')).toBe('14/06/2024 23:59');
  });

  it('reads a timestamp without a zone as UTC, as the API means it', () => {
    expect(formatDateTime('2024-03-05T01:30:00.123456')).toBe('05/03/2024 08:30');
    expect(formatDate('2024-12-31T20:00:00')).toBe('01/01/2025');
  });

  it('shows missing or broken values as a dash', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate('')).toBe('—');
    expect(formatDate('not a date')).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('2024-13-45T99:00:00Z')).toBe('—');
  });
});

describe('periods', () => {
  it.each([
    ['2024', 'Năm 2024', 'Year 2024'],
    ['2024Q1', 'Quý I/2024', 'Q1 2024'],
    ['2024Q2', 'Quý II/2024', 'Q2 2024'],
    ['2024Q3', 'Quý III/2024', 'Q3 2024'],
    ['2024Q4', 'Quý IV/2024', 'Q4 2024'],
    ['2024S1', '6 tháng đầu năm 2024', 'First half of 2024'],
    ['2024S2', '6 tháng cuối năm 2024', 'Second half of 2024'],
    ['2024N9', '9 tháng năm 2024', 'First nine months of 2024'],
    ['202403', 'Tháng 3/2024', 'March 2024'],
    ['202412', 'Tháng 12/2024', 'December 2024'],
    ['202501', 'Tháng 1/2025', 'January 2025'],
  ])('labels %s as %j / %j', (id, vi, en) => {
    expect(formatPeriod(id)).toBe(vi);
    expect(formatPeriod(id, 'vi')).toBe(vi);
    expect(formatPeriod(id, 'en')).toBe(en);
  });

  it('parses identifiers into type, year and index', () => {
    expect(parsePeriod('2024')).toEqual({ type: 'year', year: 2024 });
    expect(parsePeriod('2024Q3')).toEqual({ type: 'quarter', year: 2024, index: 3 });
    expect(parsePeriod('2024S2')).toEqual({ type: 'semiannual', year: 2024, index: 2 });
    expect(parsePeriod('2024N9')).toEqual({ type: 'nine_months', year: 2024, index: 9 });
    expect(parsePeriod('202411')).toEqual({ type: 'month', year: 2024, index: 11 });
  });

  it.each(['2024Q5', '2024Q0', '202413', '202400', '2024S3', '2024N6', '24', 'Q1', '2024-03', ''])(
    'rejects %j',
    (id) => {
      expect(parsePeriod(id)).toBeNull();
      expect(formatPeriod(id)).toBe(id);
    },
  );
});
