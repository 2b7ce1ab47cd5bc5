import { ApiProblem } from '../api/problem';
import { hasMessage, type Translate } from '../i18n';

/**
 * One sentence for the user about a failed call. The server's `detail` is in the page's language
 * only where the server has it in both, so in Vietnamese the code's own message (`problem.<code>`)
 * is said instead, while in English the detail wins, as it names the very record or limit at fault.
 * A `t` that does not say its language gets the message, which is in `t`'s language whatever it is.
 */
export function problemText(error: unknown, t: Translate): string {
  if (!(error instanceof ApiProblem)) return t('error.generic');
  if (error.code === 'network_error') return t('error.network');
  const key = `problem.${error.code}`;
  const message = hasMessage(key) ? t(key) : '';
  if (t.locale !== 'en' && message) return message;
  return error.detail || message || error.title || t('error.generic');
}
