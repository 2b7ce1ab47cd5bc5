import { App, Button, Form, Input, Modal, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useCheckOutlier } from '../../api/reportQueries';
import type { Outlier, Submission } from '../../api/types';
import { problemText } from '../../components/problemText';
import { useI18n } from '../../i18n';
import { formatNumber } from '../../lib/format';

/** The report's flagged figures, each with a "checked" action and the note it left (reviewers). */
export function OutlierChecks({ submission }: { submission: Submission }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const check = useCheckOutlier(submission.id);
  const [checking, setChecking] = useState<Outlier | null>(null);
  const [form] = Form.useForm<{ comment: string }>();

  const save = async ({ comment }: { comment: string }) => {
    if (!checking) return;
    try {
      await check.mutateAsync({ indicator: checking.indicator, category: checking.category, comment: comment.trim() });
      setChecking(null);
      form.resetFields();
      void message.success(t('outlier.checkedDone'));
    } catch (error) {
      form.setFields([{ name: 'comment', errors: [problemText(error, t)] }]);
    }
  };

  const columns: TableColumnsType<Outlier> = [
    { key: 'indicator', title: t('report.indicator'), render: (_, o) => (o.category ? `${o.indicator} – ${o.category}` : o.indicator) },
    { key: 'kind', title: t('outlier.column'), render: (_, o) => t(`outlier.${o.kind}`, { reference: formatNumber(o.reference, locale) }) },
    { key: 'value', title: t('report.value'), width: 120, render: (_, o) => formatNumber(o.value, locale) },
    {
      key: 'check',
      title: t('outlier.check'),
      width: 260,
      render: (_, o) => (o.checked
        ? <Tag color="green">{t('outlier.checkedNote', { comment: o.comment ?? '' })}</Tag>
        : <Button size="small" onClick={() => setChecking(o)}>{t('outlier.check')}</Button>),
    },
  ];

  return (
    <>
      <Table<Outlier>
        size="small"
        rowKey={(o) => `${o.indicator}::${o.category ?? ''}::${o.kind}`}
        columns={columns}
        dataSource={submission.outliers}
        pagination={false}
      />
      <Modal
        open={checking !== null}
        title={t('outlier.checkTitle')}
        okText={t('outlier.check')}
        cancelText={t('common.cancel')}
        confirmLoading={check.isPending}
        onOk={() => form.submit()}
        onCancel={() => setChecking(null)}
      >
        <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
          <Form.Item name="comment" label={t('outlier.comment')} rules={[{ required: true, whitespace: true, message: t('outlier.commentRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
