import { ApiProblem } from '../api/problem';
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
