import { describe, expect, it } from 'vitest';
import { DEFAULT_INDICATORS, readAnalysis, writeAnalysis } from './analysisParams';

const today = new Date(2024, 4, 20);

describe('analysis in the address', () => {
  it('starts from the key indicators and the last four years', () => {
    const analysis = readAnalysis(new URLSearchParams(), today);
    expect(analysis).toEqual({
      indicators: DEFAULT_INDICATORS, unitId: undefined, type: 'year',
      periods: ['2021', '2022', '2023', '2024'], focus: '2024', includeSubmitted: false, basis: 'reported', asOf: undefined,
    });
  });

  it('reads what a dashboard link asks for, and round-trips', () => {
    const params = new URLSearchParams('i=QCDC_LEADER_DIALOGUES&unit=26&type=year&p=2023,2022&focus=2023&inc=submitted');
    const analysis = readAnalysis(params, today);
    expect(analysis).toEqual({
      indicators: ['QCDC_LEADER_DIALOGUES'], unitId: 26, type: 'year', periods: ['2022', '2023'], focus: '2023', includeSubmitted: true,
      basis: 'reported', asOf: undefined,
    });
    expect(readAnalysis(writeAnalysis(analysis), today)).toEqual(analysis);
  });

  it('drops periods of another type and a focus outside the chosen periods', () => {
    const analysis = readAnalysis(new URLSearchParams('type=quarter&p=2024Q1,2023,2023Q4&focus=2022Q1'), today);
    expect(analysis.periods).toEqual(['2023Q4', '2024Q1']);
    expect(analysis.focus).toBe('2024Q1');
  });

  it('keeps the basis and the day of the units, and round-trips them', () => {
    const analysis = readAnalysis(new URLSearchParams('unit=26&basis=current&asof=2025-06-30'), today);
    expect(analysis.basis).toBe('current');
    expect(analysis.asOf).toBe('2025-06-30');
    const written = writeAnalysis(analysis);
    expect(written.get('basis')).toBe('current');
    expect(written.get('asof')).toBe('2025-06-30');
    expect(readAnalysis(written, today)).toEqual(analysis);
  });

  it('writes nothing for the default basis, and drops a day the reported basis does not use', () => {
    const analysis = readAnalysis(new URLSearchParams('basis=reported&asof=2025-06-30'), today);
    expect(analysis.basis).toBe('reported');
    expect(analysis.asOf).toBeUndefined();
    const written = writeAnalysis(analysis);
    expect(written.has('basis')).toBe(false);
    expect(written.has('asof')).toBe(false);
  });

  it('takes only a real day', () => {
    expect(readAnalysis(new URLSearchParams('basis=current&asof=2025-13-01'), today).asOf).toBeUndefined();
  });
});
