import type { FieldError } from '../api/problem';
import type { Translate } from './index';

/**
 * The text shown next to a field the API rejected. The validator's own message is English, so
 * common kinds are said in the user's language; the server's message is the fallback, since
 * QCDC's own rules already explain themselves.
 */
export function fieldErrorMessage(error: FieldError, t: Translate): string {
  const number = /(\d+)/.exec(error.msg)?.[1];
  switch (error.type) {
    case 'missing':
    case 'value_required':
      return t('field.required');
    case 'span_end_before_start':
      return t('field.spanEndBeforeStart');
    case 'parent_plan_unknown':
      return t('field.parentPlanUnknown');
    case 'parent_plan_cycle':
      return t('field.parentPlanCycle');
    case 'string_too_short':
      return number ? t('field.tooShort', { min: number }) : error.msg;
    case 'too_short':
      return number ? t('field.tooFew', { min: number }) : error.msg;
    case 'string_pattern_mismatch':
      return t('field.pattern');
    case 'string_too_long':
      return number ? t('field.tooLong', { max: number }) : error.msg;
    case 'enum':
    case 'literal_error':
      return t('field.invalidChoice');
    default:
      return error.msg || t('field.invalidValue');
  }
}
