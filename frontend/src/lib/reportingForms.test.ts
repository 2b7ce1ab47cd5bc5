import { describe, expect, it } from 'vitest';
import type { ReportingForm } from '../api/types';
import { translator } from '../i18n';
import {
  createPayload, deadlineSummary, defaultOwner, formPlaceOf, formValuesOf, mayChangeForm, newFormValues, repeatedKeys,
  ruleIndicators, sectionKeyOf, updatePayload, type FormValues,
} from './reportingForms';

const vi = translator('vi');

function indicator(code: string, valueType: ReportingForm['indicators'][number]['value_type'], required: boolean) {
  return {
    indicator_id: code.length, code, name: `Chỉ số ${code}`, name_en: null, value_type: valueType, unit_of_measure: null,
    numerator_name: null, denominator_name: null, numerator_le_denominator: false, categories: [], required,
    rules: {} as ReportingForm['indicators'][number]['rules'],
  };
}

const FORM: ReportingForm = {
  id: 9,
  code: 'QCDC_COMMUNE_QUARTERLY',
  name: 'Báo cáo quý về thực hiện dân chủ ở xã',
  name_en: 'Quarterly report',
  period_type: 'quarter',
  period_rule: 'decree09',
  indicators: [indicator('RECEIVED', 'count', true), indicator('RESOLVED', 'count', false), indicator('DONE', 'yes_no', false)],
  narrative: [{ key: 'results', title: 'Kết quả đạt được' }],
  reporters: { grassroots_types: ['commune'], kinds: ['commune'] },
  deadline_working_days: { commune: 5, province: 15 },
  rules: [{ left: 'RESOLVED', op: '<=', right: 'RECEIVED', message: 'Đã giải quyết không lớn hơn đã tiếp nhận.' }],
  owner_unit_id: 42,
  opens_days_before_end: null,
  closes_days_after_deadline: 30,
  remind_days_before: 3,
  is_active: true,
};

describe('formValuesOf and the payloads', () => {
  it('reads a form into the drawer with every level of deadline, unset ones empty', () => {
    const values = formValuesOf(FORM);
    expect(values.deadline_working_days).toEqual({ commune: 5, district: null, province: 15 });
    expect(values.indicators).toEqual([
      { indicator: 'RECEIVED', name: 'Chỉ số RECEIVED', value_type: 'count', required: true },
      { indicator: 'RESOLVED', name: 'Chỉ số RESOLVED', value_type: 'count', required: false },
      { indicator: 'DONE', name: 'Chỉ số DONE', value_type: 'yes_no', required: false },
    ]);
    expect(values.name_en).toBe('Quarterly report');
    expect(values.opens_days_before_end).toBeNull();
  });

  it('gives back the form it read, unchanged, as an update', () => {
    const body = updatePayload(formValuesOf(FORM));
    expect(body).toEqual({
      period_type: 'quarter',
      name: FORM.name,
      name_en: 'Quarterly report',
      period_rule: 'decree09',
      owner_unit_id: 42,
      indicators: [{ indicator: 'RECEIVED', required: true }, { indicator: 'RESOLVED', required: false }, { indicator: 'DONE', required: false }],
      narrative: FORM.narrative,
      reporters: FORM.reporters,
      deadline_working_days: { commune: 5, province: 15 },
      opens_days_before_end: null,
      closes_days_after_deadline: 30,
      remind_days_before: 3,
      rules: FORM.rules,
      is_active: true,
    });
    expect(body).not.toHaveProperty('code');
  });

  it('sends a setting emptied as null, so clearing it sticks', () => {
    const values: FormValues = { ...formValuesOf(FORM), closes_days_after_deadline: null, name_en: '  ' };
    values.deadline_working_days = { commune: null, district: null, province: null };
    const body = updatePayload(values);
    expect(body.closes_days_after_deadline).toBeNull();
    expect(body.name_en).toBeNull();
    expect(body.deadline_working_days).toEqual({});
  });

  it('makes a new form from the defaults and what was typed, trimmed', () => {
    const values: FormValues = {
      ...newFormValues(7),
      code: ' XA_QUY ',
      name: ' Báo cáo quý ',
      period_type: 'quarter',
      indicators: [{ indicator: 'A', name: 'A', value_type: 'count', required: true }],
      narrative: [{ key: ' ket_qua ', title: ' Kết quả ' }],
      deadline_working_days: { commune: 0, district: null, province: 10 },
      remind_days_before: 5,
      rules: [{ left: 'A', op: '>=', right: 'A', message: ' m ' }],
    };
    expect(createPayload(values)).toEqual({
      code: 'XA_QUY',
      period_type: 'quarter',
      name: 'Báo cáo quý',
      name_en: null,
      period_rule: 'decree09',
      owner_unit_id: 7,
      indicators: [{ indicator: 'A', required: true }],
      narrative: [{ key: 'ket_qua', title: 'Kết quả' }],
      reporters: { grassroots_types: [], kinds: [] },
      deadline_working_days: { commune: 0, province: 10 },
      opens_days_before_end: null,
      closes_days_after_deadline: null,
      remind_days_before: 5,
      rules: [{ left: 'A', op: '>=', right: 'A', message: 'm' }],
      is_active: true,
    });
  });

  it('starts a new form with the server defaults', () => {
    expect(newFormValues(null)).toMatchObject({ period_rule: 'decree09', remind_days_before: 3, is_active: true, owner_unit_id: null });
  });

  it('refuses to make a form without its period type', () => {
    expect(() => createPayload(newFormValues(null))).toThrow();
  });
});

describe('ruleIndicators', () => {
  it('offers the numeric indicators of the form only', () => {
    expect(ruleIndicators(formValuesOf(FORM).indicators).map((i) => i.indicator)).toEqual(['RECEIVED', 'RESOLVED']);
  });
});

describe('sectionKeyOf', () => {
  it.each([
    ['Kết quả đạt được', 'ket_qua_dat_duoc'],
    ['Phương hướng, nhiệm vụ', 'phuong_huong_nhiem_vu'],
    ['Đánh giá chung', 'danh_gia_chung'],
    ['  Kiến nghị, đề xuất! ', 'kien_nghi_de_xuat'],
    ['3. Hạn chế', 'muc_3_han_che'],
    ['', ''],
    ['—', ''],
  ])('%j → %j', (title, key) => {
    expect(sectionKeyOf(title)).toBe(key);
  });

  it('keeps a key within 64 characters, never ending in _', () => {
    const key = sectionKeyOf('Kết quả '.repeat(20));
    expect(key.length).toBeLessThanOrEqual(64);
    expect(key).toMatch(/^[a-z][a-z0-9_]*[a-z0-9]$/);
  });
});

describe('repeatedKeys', () => {
  it('finds the keys used twice, ignoring empty ones', () => {
    expect([...repeatedKeys([{ key: 'a' }, { key: 'b' }, { key: 'a ' }, { key: '' }, { key: '' }])]).toEqual(['a']);
  });
});

describe('formPlaceOf', () => {
  it.each<[(string | number)[], (string | number)[] | null]>([
    [['code'], ['code']],
    [['remind_days_before'], ['remind_days_before']],
    [['deadline_working_days', 'commune'], ['deadline_working_days', 'commune']],
    [['deadline_working_days'], null],
    [['reporters', 'kinds', 0], ['reporters', 'kinds']],
    [['indicators'], ['indicators']],
    [['indicators', 3, 'indicator'], ['indicators', 3, 'indicator']],
    [['indicators', 3], ['indicators', 3, 'indicator']],
    [['narrative'], ['narrative']],
    [['narrative', 1, 'key'], ['narrative', 1, 'key']],
    [['rules', 0, 'right'], ['rules', 0, 'right']],
    [['rules', 0], ['rules']],
    [['secret'], null],
    [[], null],
  ])('%j → %j', (path, place) => {
    expect(formPlaceOf(path)).toEqual(place);
  });
});

describe('mayChangeForm', () => {
  const commune = { id: 70, code: '70', name: 'Xã Song Vân', kind: 'commune' as const };
  const planner = { is_admin: false, roles: ['planner' as const], unit: commune };
  const countryAdmin = { is_admin: true, roles: ['admin' as const], unit: null };

  it('leaves national forms to the admins of the whole country', () => {
    expect(mayChangeForm(null, countryAdmin, [])).toBe(true);
    expect(mayChangeForm(null, planner, [])).toBe(false);
    expect(mayChangeForm(null, { ...planner, is_admin: true, roles: ['admin'] }, [])).toBe(false);
  });

  it('lets a planner change its own unit’s forms and those below, not those above', () => {
    expect(mayChangeForm(70, planner, [1, 10])).toBe(true);
    expect(mayChangeForm(71, planner, [1, 10])).toBe(true);
    expect(mayChangeForm(10, planner, [1, 10])).toBe(false);
    expect(mayChangeForm(5, countryAdmin, [])).toBe(true);
  });

  it('lets no one else change a form', () => {
    for (const role of ['reviewer', 'reporter', 'viewer'] as const) {
      expect(mayChangeForm(70, { ...planner, roles: [role] }, [])).toBe(false);
    }
  });

  it('gives a new form the caller’s unit, a country-wide admin a national one', () => {
    expect(defaultOwner(planner)).toBe(70);
    expect(defaultOwner(countryAdmin)).toBeNull();
  });
});

describe('deadlineSummary', () => {
  it('says the working days per level that are set', () => {
    expect(deadlineSummary({ commune: 5, district: 10, province: 15 }, vi)).toBe('Xã 5 · Huyện 10 · Tỉnh 15');
    expect(deadlineSummary({ commune: 0 }, vi)).toBe('Xã 0');
    expect(deadlineSummary({}, vi)).toBeNull();
  });
});
