import { ApiProblem } from '../api/problem';
import type { Translate } from '../i18n';

/** One sentence for the user about a failed call: the server's own words when it gave some. */
export function problemText(error: unknown, t: Translate): string {
  if (error instanceof ApiProblem) {
    if (error.code === 'network_error') return t('error.network');
    return error.detail || error.title || t('error.generic');
  }
  return t('error.generic');
}
