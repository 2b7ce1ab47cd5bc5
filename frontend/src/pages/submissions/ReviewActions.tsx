import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { useReturnSubmission, useSubmissionAction } from '../../api/reportQueries';
import type { Submission } from '../../api/types';
import { problemText } from '../../components/problemText';
import { useT } from '../../i18n';
import { fieldErrorMessage } from '../../i18n/fieldErrors';

/** Approve (locks the figures and counts them in the aggregates) or return with a comment. */
export function ReviewActions({ submission }: { submission: Submission }) {
  const t = useT();
  const { message } = App.useApp();
  const act = useSubmissionAction(submission.id);
  const giveBack = useReturnSubmission(submission.id);
  const [returning, setReturning] = useState(false);
  const [form] = Form.useForm<{ comment: string }>();

  const approve = async () => {
    try {
      await act.mutateAsync({ action: submission.status === 'approved' ? 'reopen' : 'approve', version: submission.version });
      void message.success(t(submission.status === 'approved' ? 'review.reopened' : 'review.approved'));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const sendBack = async ({ comment }: { comment: string }) => {
    try {
      await giveBack.mutateAsync({ comment: comment.trim(), version: submission.version });
      setReturning(false);
      form.resetFields();
      void message.success(t('review.returned'));
    } catch (error) {
      if (error instanceof ApiProblem) {
        const { fields, unmatched } = error.formFields(['comment'] as const, (e) => fieldErrorMessage(e, t));
        if (fields.length > 0) {
          form.setFields(fields);
          if (unmatched.length === 0) return;
        }
      }
      form.setFields([{ name: 'comment', errors: [problemText(error, t)] }]);
    }
  };

  if (submission.status === 'approved') {
    return (
      <Popconfirm title={t('review.reopenConfirm')} okText={t('review.reopen')} cancelText={t('common.cancel')} onConfirm={() => void approve()}>
        <Button loading={act.isPending}>{t('review.reopen')}</Button>
      </Popconfirm>
    );
  }
  if (submission.status !== 'submitted') return null;
  return (
    <Flex gap={8}>
      <Popconfirm title={t('review.approveConfirm')} okText={t('review.approve')} cancelText={t('common.cancel')} onConfirm={() => void approve()}>
        <Button type="primary" icon={<CheckOutlined aria-hidden />} loading={act.isPending}>{t('review.approve')}</Button>
      </Popconfirm>
      <Button danger icon={<RollbackOutlined aria-hidden />} onClick={() => setReturning(true)}>{t('review.return')}</Button>
      <Modal
        open={returning}
        title={t('review.returnTitle')}
        okText={t('review.return')}
        okButtonProps={{ danger: true, loading: giveBack.isPending }}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setReturning(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => void sendBack(values)}>
          <Form.Item
            name="comment"
            label={t('review.comment')}
            extra={t('review.commentHelp')}
            rules={[{ required: true, whitespace: true, message: t('review.commentRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
