import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useApiTokens, useRevokeApiToken } from '../../api/integrationQueries';
import type { ApiToken, ApiTokenCreated } from '../../api/types';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { problemText } from '../../components/problemText';
import { useT } from '../../i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { tokenExamples, tokenStatus } from '../../lib/integrations';
import { ApiTokenDrawer } from './ApiTokenDrawer';
import { ScopeTags } from './ScopeSelect';
import { SecretReveal, Snippet } from './SecretReveal';

function StatusTag({ token }: { token: ApiToken }) {
  const t = useT();
  switch (tokenStatus(token)) {
    case 'revoked':
      return <Tag color="default">{t('apiTokens.revokedOn', { date: formatDateTime(token.revoked_at) })}</Tag>;
    case 'expired':
      return <Tag color="orange">{t('apiTokens.expired')}</Tag>;
    default:
      return <Tag color="green">{t('apiTokens.active')}</Tag>;
  }
}

/** Every signed-in user's own API tokens, for scripts and the `qcdc` command line. */
export function ApiTokensPage() {
  const t = useT();
  const { message } = App.useApp();
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);

  const revokeToken = async (token: ApiToken) => {
    try {
      await revoke.mutateAsync(token.id);
      void message.success(t('apiTokens.revoked', { name: token.name }));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const columns: TableColumnsType<ApiToken> = [
    { key: 'name', title: t('apiTokens.name'), dataIndex: 'name' },
    {
      key: 'prefix',
      title: t('apiTokens.prefix'),
      width: 170,
      render: (_, token) => <Typography.Text code>{`${token.prefix}…`}</Typography.Text>,
    },
    { key: 'scopes', title: t('apiTokens.scopes'), render: (_, token) => <ScopeTags scopes={token.scopes} /> },
    { key: 'created', title: t('apiTokens.createdAt'), width: 150, render: (_, token) => formatDateTime(token.created_at) },
    {
      key: 'expires',
      title: t('apiTokens.expiresAt'),
      width: 120,
      render: (_, token) => formatDate(token.expires_at),
    },
    {
      key: 'used',
      title: t('apiTokens.lastUsedAt'),
      width: 150,
      render: (_, token) => (token.last_used_at ? formatDateTime(token.last_used_at) : t('apiTokens.neverUsed')),
    },
    { key: 'status', title: t('apiTokens.status'), width: 190, render: (_, token) => <StatusTag token={token} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 110,
      render: (_, token) => (token.revoked_at === null && (
        <Popconfirm
          title={t('apiTokens.revokeConfirm', { name: token.name })}
          description={t('apiTokens.revokeHelp')}
          okText={t('apiTokens.revoke')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => revokeToken(token)}
        >
          <Button size="small" type="link" danger aria-label={`${t('apiTokens.revoke')} ${token.name}`}>{t('apiTokens.revoke')}</Button>
        </Popconfirm>
      )),
    },
  ];

  const examples = created ? tokenExamples(window.location.origin, created.token) : null;
  return (
    <>
      <PageTitle
        title={t('apiTokens.title')}
        extra={<Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>{t('apiTokens.add')}</Button>}
      />
      <Alert type="info" showIcon message={t('apiTokens.intro')} style={{ marginBottom: 16 }} />
      <Card>
        {tokens.isError
          ? <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
          : (
            <Table<ApiToken>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={tokens.data ?? []}
              loading={tokens.isFetching}
              scroll={{ x: 1000 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('apiTokens.empty')} /> }}
              pagination={false}
            />
          )}
      </Card>
      <ApiTokenDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
        }}
      />
      <SecretReveal
        secret={created?.token ?? null}
        title={t('apiTokens.createdTitle', { name: created?.name ?? '' })}
        label={t('apiTokens.token')}
        onClose={() => setCreated(null)}
      >
        {examples && (
          <>
            <Snippet label={t('apiTokens.curlExample')} code={examples.curl} />
            <Snippet label={t('apiTokens.cliExample')} code={examples.cli} />
          </>
        )}
      </SecretReveal>
    </>
  );
}
