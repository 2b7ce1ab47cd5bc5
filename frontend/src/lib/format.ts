/**
 * Numbers, dates and reporting periods as Vietnamese documents write them ("1.294", "25,5%",
 * "05/03/2024", "Quý I/2024"), with English variants.
 */

import PERIOD_LABELS from '../../../openapi/period-labels.json';
import type { components } from '../api/schema';

export type Locale = 'vi' | 'en';

/** Every official deadline and timestamp is Vietnam time, whatever the browser's zone is. */
export const APP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const INTL_LOCALE: Record<Locale, string> = { vi: 'vi-VN', en: 'en-US' };
const EMPTY = '—';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, maxFractionDigits: number): Intl.NumberFormat {
  const key = `${locale}:${maxFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], {
      maximumFractionDigits: maxFractionDigits,
      useGrouping: true,
    });
    numberFormats.set(key, format);
  }
  return format;
}

function isMissing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || Number.isNaN(value);
}

/** 1294 → "1.294", 25.5 → "25,5" (vi); "1,294" and "25.5" (en). Missing values show as a dash. */
export function formatNumber(
  value: number | null | undefined,
  locale: Locale = 'vi',
  maxFractionDigits = 2,
): string {
  if (isMissing(value)) return EMPTY;
  return numberFormat(locale, maxFractionDigits).format(value);
}

/** A percentage given in points: 25.5 → "25,5%". One decimal is what the reports print. */
export function formatPercent(
  points: number | null | undefined,
  locale: Locale = 'vi',
  maxFractionDigits = 1,
): string {
  if (isMissing(points)) return EMPTY;
  return `${formatNumber(points, locale, maxFractionDigits)}%`;
}

/** 13 of 15 → "86,7%"; a share of nothing has no meaning, so it is a dash rather than 0%. */
export function formatShare(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
  locale: Locale = 'vi',
): string {
  if (isMissing(numerator) || isMissing(denominator) || denominator === 0) return EMPTY;
  return formatPercent((numerator / denominator) * 100, locale);
}

/**
 * Reads a number as a person types it. In Vietnamese "." groups thousands and "," is the decimal
 * mark ("1.294" → 1294, "25,5" → 25.5); a lone "." not followed by a group of three digits is
 * taken as a decimal point, since "25.5" typed on an English keyboard still means 25,5.
 * Returns null for an empty or unreadable input.
 */
export function parseNumber(input: string, locale: Locale = 'vi'): number | null {
  const text = input.replace(/[\s\u00a0\u202f]/g, '').replace(/%$/, '');
  if (text === '') return null;
  const match = /^([+-]?)(.*)$/.exec(text);
  if (!match) return null;
  const [, sign = '', body = ''] = match;
  const group = locale === 'vi' ? '.' : ',';
  const decimal = locale === 'vi' ? ',' : '.';

  let intPart: string;
  let fracPart = '';
  if (body.includes(decimal)) {
    const pieces = body.split(decimal);
    if (pieces.length !== 2) return null;
    [intPart = '', fracPart = ''] = pieces;
    if (!/^\d+$/.test(fracPart)) return null;
    intPart = ungroup(intPart, group);
  } else if (body.includes(group)) {
    const grouped = ungroup(body, group);
    if (grouped !== '') {
      intPart = grouped;
    } else if (locale === 'vi' && body.split(group).length === 2) {
      [intPart = '', fracPart = ''] = body.split(group);
      if (!/^\d+$/.test(fracPart)) return null;
    } else {
      return null;
    }
  } else {
    intPart = body;
  }
  if (!/^\d+$/.test(intPart)) return null;
  return Number(`${sign}${intPart}${fracPart ? `.${fracPart}` : ''}`);
}

/** "52.620" → "52620"; returns '' unless the groups are 1–3 digits (no leading 0) then threes. */
function ungroup(text: string, group: string): string {
  if (!text.includes(group)) return /^\d+$/.test(text) ? text : '';
  const [head = '', ...rest] = text.split(group);
  if (!/^[1-9]\d{0,2}$/.test(head) || !rest.every((part) => /^\d{3}$/.test(part))) return '';
  return head + rest.join('');
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: APP_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function zonedParts(date: Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of dateTimeFormat.formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

/** A timestamp without a zone ("2024-03-05T01:30:00.123"): the API writes those in UTC. */
const NAIVE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function toDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(NAIVE_TIMESTAMP.test(value) ? `${value}Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * "2024-03-05" → "05/03/2024". A calendar date is printed as it is (no zone shift); a timestamp is
 * printed as the date it is in Vietnam.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'string') {
    const m = DATE_ONLY.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const date = toDate(value);
  if (!date) return EMPTY;
  const p = zonedParts(date);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "2024-03-05T01:30:00Z" → "05/03/2024 08:30" (Vietnam time). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  const date = toDate(value);
  if (!date) return EMPTY;
  const p = zonedParts(date);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** The period types, named as the API names them. */
export type PeriodType = components['schemas']['PeriodType'];

export interface Period {
  type: PeriodType;
  year: number;
  /** Semester 1–2, quarter 1–4, month 1–12; 9 for nine months; absent for a year. */
  index?: number;
}

/** Period identifiers of Decree 09/2019/NĐ-CP as the API writes them: 2024, 2024S1, 2024N9, 2024Q1, 202403. */
export function parsePeriod(id: string): Period | null {
  const m = /^(\d{4})(?:(S[12])|(N9)|(Q[1-4])|(0[1-9]|1[0-2]))?$/.exec(id.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { type: 'semiannual', year, index: Number(m[2].slice(1)) };
  if (m[3]) return { type: 'nine_months', year, index: 9 };
  if (m[4]) return { type: 'quarter', year, index: Number(m[4].slice(1)) };
  if (m[5]) return { type: 'month', year, index: Number(m[5]) };
  return { type: 'year', year };
}

/**
 * "2024Q1" → "Quý I/2024" (vi) or "Q1 2024" (en), in the server's words (openapi/period-labels.json,
 * written from backend/periods/labels.py). An unknown identifier is shown as given.
 */
export function formatPeriod(id: string, locale: Locale = 'vi'): string {
  const period = parsePeriod(id);
  if (!period) return id;
  const { type, year, index = 1 } = period;
  const key = type === 'semiannual' ? `semiannual_${index}` : type;
  const template = (PERIOD_LABELS.templates[locale] as Record<string, string>)[key];
  if (template === undefined) return id;
  const names: Record<string, string> = {
    year: String(year), index: String(index),
    roman: PERIOD_LABELS.roman[(index - 1) % 4] ?? '', month: PERIOD_LABELS.months[(index - 1) % 12] ?? '',
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => names[name] ?? whole);
}
