import type { components } from '../api/schema';
import MESSAGES from '../../../openapi/problem-messages.json';

type ServerCode = components['schemas']['ProblemCode'];

/**
 * What each problem code of the contract says, as the server says it (openapi/problem-messages.json,
 * written by `qcdc openapi export`): one text per code whether the server or the web app shows it.
 * A code without its messages fails the build here.
 */
const CHECKED = MESSAGES satisfies Record<ServerCode, { vi: string; en: string }>;

export function problemMessages(language: 'vi' | 'en'): Record<`problem.${ServerCode}`, string> {
  return Object.fromEntries(Object.entries(CHECKED).map(([code, said]) => [`problem.${code}`, said[language]])) as Record<`problem.${ServerCode}`, string>;
}
