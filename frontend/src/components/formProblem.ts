import { ApiProblem, fieldPathOf, type FieldPath } from '../api/problem';
import type { Translate } from '../i18n';
import { fieldErrorMessage } from '../i18n/fieldErrors';
import { problemText } from './problemText';

export interface FormProblem<K extends string> {
  /** The API's field errors, for `form.setFields`. */
  fields: { name: K; errors: string[] }[];
  /** The sentence above the form: when no field is named, or for errors of fields it lacks. */
  message: string | null;
}

/** A refused save as a form shows it: each field error beside its field, the rest in one sentence. */
export function formProblem<K extends string>(error: unknown, known: readonly K[], t: Translate): FormProblem<K> {
  if (!(error instanceof ApiProblem)) return { fields: [], message: problemText(error, t) };
  const { fields, unmatched } = error.formFields(known, (e) => fieldErrorMessage(e, t));
  const message = fields.length === 0 || unmatched.length > 0
    ? [problemText(error, t), ...unmatched.map((e) => fieldErrorMessage(e, t))].join(' ')
    : null;
  return { fields, message };
}

/** Where a form shows a field: a name path as `Form.setFields` takes it (["rules", 2, "left"]). */
export type FormPlace = (string | number)[];

/**
 * `formProblem` for a form of nested fields and lists: `place` says where the error about an API
 * field path (["rules", 2, "left"]) is shown, or null when the form has no such field (then the
 * sentence above the form says it).
 */
export function formProblemAt(
  error: unknown,
  place: (path: FieldPath) => FormPlace | null,
  t: Translate,
): { fields: { name: FormPlace; errors: string[] }[]; message: string | null } {
  if (!(error instanceof ApiProblem)) return { fields: [], message: problemText(error, t) };
  const byPlace = new Map<string, { name: FormPlace; errors: string[] }>();
  const unmatched: string[] = [];
  for (const fieldError of error.errors) {
    const name = place(fieldPathOf(fieldError.loc));
    const text = fieldErrorMessage(fieldError, t);
    if (name === null) {
      unmatched.push(text);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byPlace.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byPlace.set(key, entry);
  }
  const fields = [...byPlace.values()];
  const message = fields.length === 0 || unmatched.length > 0 ? [problemText(error, t), ...unmatched].join(' ') : null;
  return { fields, message };
}
