import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fieldErrorMessage } from './fieldErrors';
import { hasMessage, translate, type Translate } from './index';
import { vi } from './vi';

describe('dictionaries', () => {
  it('have the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('have no empty message', () => {
    for (const [key, text] of [...Object.entries(vi), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('write Vietnamese in NFC, as stored text is', () => {
    for (const [key, text] of Object.entries(vi)) expect(text, key).toBe(text.normalize('NFC'));
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('vi', 'login.locked', { until: '05/03/2024 10:15' }))
      .toBe('Đăng nhập tài khoản này từ nơi bạn đang dùng bị tạm khóa đến 05/03/2024 10:15 do nhập sai mật khẩu nhiều lần.');
    expect(translate('en', 'common.total', { total: 3 })).toBe('3 in all');
  });

  it('leaves a placeholder without a value visible rather than printing undefined', () => {
    expect(translate('en', 'common.total', {})).toBe('{total} in all');
  });

  it('knows which run-time keys exist', () => {
    expect(hasMessage('role.admin')).toBe(true);
    expect(hasMessage('role.superuser')).toBe(false);
  });
});

describe('fieldErrorMessage', () => {
  const t: Translate = (key, params) => translate('vi', key, params);

  it.each([
    [{ loc: ['body', 'password'], msg: 'String should have at least 10 characters', type: 'string_too_short' }, 'Cần ít nhất 10 ký tự.'],
    [{ loc: ['body', 'username'], msg: 'String should have at most 64 characters', type: 'string_too_long' }, 'Tối đa 64 ký tự.'],
    [{ loc: ['body', 'full_name'], msg: 'Field required', type: 'missing' }, 'Trường này là bắt buộc.'],
    [{ loc: ['body', 'title'], msg: 'every record has one: send a value, or leave the field out', type: 'value_required' }, 'Trường này là bắt buộc.'],
    [{ loc: ['body', 'changes', 'span_end'], msg: 'must not be before span_start', type: 'span_end_before_start' }, 'Ngày kết thúc không được trước ngày bắt đầu.'],
    [{ loc: ['body', 'parent_plan_id'], msg: 'no plan 9', type: 'parent_plan_unknown' }, 'Không tìm thấy kế hoạch cấp trên này.'],
    [{ loc: ['body', 'roles', '0'], msg: "Input should be 'admin' or 'viewer'", type: 'enum' }, 'Lựa chọn không hợp lệ.'],
    [{ loc: ['body', 'username'], msg: 'Tên đăng nhập đã được dùng', type: 'value_error' }, 'Tên đăng nhập đã được dùng'],
    [{ loc: ['body', 'x'], msg: '', type: 'value_error' }, 'Giá trị không hợp lệ.'],
    [{ loc: ['body', 'roles'], msg: 'List should have at least 1 item after validation, not 0', type: 'too_short' }, 'Chọn ít nhất 1 mục.'],
    [{ loc: ['body', 'username'], msg: "String should match pattern '^[a-z0-9]+$'", type: 'string_pattern_mismatch' }, 'Không đúng định dạng.'],
    [{ loc: ['body', 'password'], msg: 'too short', type: 'string_too_short' }, 'too short'],
  ])('%j → %s', (error, expected) => {
    expect(fieldErrorMessage(error, t)).toBe(expected);
  });
});
