import { Button, Result } from 'antd';
import { ApiProblem } from '../api/problem';
import { useT } from '../i18n';
import { problemText } from './problemText';

interface Props {
  error: unknown;
  onRetry?: () => void;
  /** What to say when the thing asked for does not exist (or is out of the caller's reach). */
  notFoundText?: string;
}

/** The failed state of a page or panel: forbidden, not found, or an error worth retrying. */
export function QueryError({ error, onRetry, notFoundText }: Props) {
  const t = useT();
  const status = error instanceof ApiProblem ? error.status : 0;
  if (status === 403) {
    return <Result status="403" title={t('error.forbiddenTitle')} subTitle={t('error.forbidden')} />;
  }
  if (status === 404) {
    return <Result status="404" title={t('error.notFoundTitle')} subTitle={notFoundText ?? problemText(error, t)} />;
  }
  return (
    <Result
      status="error"
      title={t('error.generic')}
      subTitle={problemText(error, t)}
      extra={onRetry && <Button onClick={onRetry}>{t('error.retry')}</Button>}
    />
  );
}
