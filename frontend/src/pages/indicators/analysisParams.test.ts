import { describe, expect, it } from 'vitest';
import { DEFAULT_INDICATORS, readAnalysis, writeAnalysis } from './analysisParams';

const today = new Date(2024, 4, 20);

describe('analysis in the address', () => {
  it('starts from the key indicators and the last four years', () => {
    const analysis = readAnalysis(new URLSearchParams(), today);
    expect(analysis).toEqual({
      indicators: DEFAULT_INDICATORS, unitId: undefined, type: 'year',
      periods: ['2021', '2022', '2023', '2024'], focus: '2024', includeSubmitted: false,
    });
  });

  it('reads what a dashboard link asks for, and round-trips', () => {
    const params = new URLSearchParams('i=QCDC_LEADER_DIALOGUES&unit=26&type=year&p=2023,2022&focus=2023&inc=submitted');
    const analysis = readAnalysis(params, today);
    expect(analysis).toEqual({
      indicators: ['QCDC_LEADER_DIALOGUES'], unitId: 26, type: 'year', periods: ['2022', '2023'], focus: '2023', includeSubmitted: true,
    });
    expect(readAnalysis(writeAnalysis(analysis), today)).toEqual(analysis);
  });

  it('drops periods of another type and a focus outside the chosen periods', () => {
    const analysis = readAnalysis(new URLSearchParams('type=quarter&p=2024Q1,2023,2023Q4&focus=2022Q1'), today);
    expect(analysis.periods).toEqual(['2023Q4', '2024Q1']);
    expect(analysis.focus).toBe('2024Q1');
  });
});
