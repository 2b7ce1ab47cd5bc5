import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import { translate, translator, type MessageKey } from '../i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { problemText } from './problemText';

/**
 * Every `code` the API can answer with, read once from backend/ (the `code = "…"` of each error
 * class, the codes passed to problem_response and the table of HTTP status codes). A new backend
 * code belongs here and in both dictionaries.
 */
const BACKEND_CODES = [
  'account_locked', 'bad_request', 'catalogue_not_owner', 'client_id_taken', 'compiled_figures',
  'conflict', 'data_value_conflict', 'database_busy', 'database_unavailable', 'document_locked',
  'file_too_large', 'file_type_refused', 'forbidden', 'form_not_for_unit', 'http_error',
  'idempotency_key_reused', 'identity_provider_unavailable', 'import_rejected',
  'indicator_code_taken', 'indicator_in_use', 'indicator_invalid', 'input_window_closed',
  'insufficient_scope', 'internal_error', 'invalid_client', 'invalid_credentials', 'invalid_grant',
  'invalid_json', 'invalid_token', 'invalid_transition', 'invalid_workbook', 'method_not_allowed',
  'not_acceptable', 'not_found', 'nothing_to_compile', 'org_unit_accounts_choice_needed',
  'org_unit_code_taken', 'org_unit_has_children', 'org_unit_invalid_closure',
  'org_unit_invalid_move', 'org_unit_invalid_rename', 'org_unit_invalid_shares',
  'org_unit_unknown_code', 'payload_too_large', 'pdf_converter_unavailable', 'pdf_not_signed',
  'pdf_unreadable', 'plan_invalid_transition', 'plan_issue_date_in_future',
  'plan_issue_date_missing', 'plan_mapping_invalid', 'plan_not_editable', 'plan_number_missing',
  'plan_text_invalid', 'rate_limited', 'reorganisation_invalid_event', 'report_not_approved',
  'reporting_form_code_taken', 'reporting_form_invalid', 'section_number_taken',
  'signature_broken', 'signature_not_covering', 'signed_copy_mismatch', 'signed_copy_outdated',
  'spa_not_built', 'stale_version', 'submission_exists', 'submission_invalid', 'submission_locked',
  'submission_under_review', 'too_many_requests', 'unauthorized', 'unsupported_media_type',
  'user_unit_invalid', 'username_taken', 'validation_failed', 'webhook_delivery_delivered',
  'webhook_paused', 'webhook_unit_outside_client', 'webhook_url_refused', 'workbook_too_large',
] as const;

const staleVersion = ApiProblem.fromResponse(409, {
  code: 'stale_version',
  title: 'Conflict',
  detail: 'The report changed since version 3: it is now at version 4. Reload it and apply your changes again; nothing was saved.',
  current_version: 4,
});

describe('problemText', () => {
  it('says a known code in Vietnamese rather than the English detail', () => {
    expect(problemText(staleVersion, translator('vi'))).toBe(translate('vi', 'problem.stale_version'));
  });

  it('keeps the server detail in English, as it is more specific', () => {
    expect(problemText(staleVersion, translator('en'))).toBe(staleVersion.detail);
  });

  it('falls back to the code message in English when the server gave no detail', () => {
    const bare = ApiProblem.fromResponse(409, { code: 'stale_version', title: 'Conflict' });
    expect(problemText(bare, translator('en'))).toBe(translate('en', 'problem.stale_version'));
  });

  it('falls back to the detail, then the title, then a generic sentence for an unknown code', () => {
    const unknown = (body: Record<string, unknown>) => ApiProblem.fromResponse(418, { code: 'brand_new', ...body });
    expect(problemText(unknown({ detail: 'Teapot.', title: "I'm a teapot" }), translator('vi'))).toBe('Teapot.');
    expect(problemText(unknown({ title: "I'm a teapot" }), translator('vi'))).toBe("I'm a teapot");
    expect(problemText(unknown({}), translator('vi'))).toBe(translate('vi', 'error.generic'));
  });

  it('says the server cannot be reached, in either language', () => {
    const offline = ApiProblem.network(new TypeError('Failed to fetch'));
    expect(problemText(offline, translator('vi'))).toBe(translate('vi', 'error.network'));
    expect(problemText(offline, translator('en'))).toBe(translate('en', 'error.network'));
  });

  it('gives the generic sentence for an error that is no problem document', () => {
    expect(problemText(new Error('boom'), translator('vi'))).toBe(translate('vi', 'error.generic'));
  });

  it('answers in the language of a t that does not name it', () => {
    const t = (key: MessageKey) => translate('vi', key);
    expect(problemText(staleVersion, t)).toBe(translate('vi', 'problem.stale_version'));
  });
});

describe('problem messages', () => {
  it('list the backend codes sorted and once each', () => {
    expect([...new Set(BACKEND_CODES)].sort()).toEqual([...BACKEND_CODES]);
  });

  it.each(BACKEND_CODES)('say %s in both languages', (code) => {
    const key = `problem.${code}`;
    expect(vi).toHaveProperty([key]);
    expect(en).toHaveProperty([key]);
  });

  it('exist only for backend codes', () => {
    const keys = Object.keys(vi).filter((key) => key.startsWith('problem.'));
    expect(keys.map((key) => key.slice('problem.'.length)).sort()).toEqual([...BACKEND_CODES]);
  });
});
