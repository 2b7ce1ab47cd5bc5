import { Flex, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useT } from '../i18n';

/** The page's heading; it also names the browser tab, so history and tabs are tellable apart. */
export function PageTitle({ title, extra }: { title: string; extra?: ReactNode }) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>{title}</Typography.Title>
      {extra}
    </Flex>
  );
}
