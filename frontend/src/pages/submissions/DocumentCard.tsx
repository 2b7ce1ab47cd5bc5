import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Modal, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { fetchDocument, useDocumentSettings, usePublication, useUpdateDocumentSettings } from '../../api/reportQueries';
import type { DocumentFormat, DocumentSettings, Submission } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { problemText } from '../../components/problemText';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { download } from '../../lib/exportTable';
import { SignedCopyPanel } from './SignedCopyPanel';

const FORMATS: { format: DocumentFormat; key: 'document.docx' | 'document.pdf' | 'document.xlsx' }[] = [
  { format: 'docx', key: 'document.docx' },
  { format: 'pdf', key: 'document.pdf' },
  { format: 'xlsx', key: 'document.xlsx' },
];

/** The report as the document its unit signs: number, downloads, a preview, the signed copy, signer and recipients. */
export function DocumentCard({ submission, editable, canPublish, canSign }: {
  submission: Submission; editable: boolean; canPublish: boolean; canSign: boolean;
}) {
  const { t } = useI18n();
  const settings = useDocumentSettings(submission.id);
  const [busy, setBusy] = useState<DocumentFormat | 'preview' | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const { message } = App.useApp();

  useEffect(() => () => { if (preview) URL.revokeObjectURL(preview); }, [preview]);

  async function save(format: DocumentFormat) {
    setBusy(format);
    try {
      const { blob, fileName } = await fetchDocument(submission.id, format);
      download(blob, fileName);
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(null);
    }
  }

  async function showPreview() {
    setBusy('preview');
    try {
      const { blob } = await fetchDocument(submission.id, 'pdf');
      setPreview(URL.createObjectURL(new Blob([blob], { type: 'application/pdf' })));
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(null);
    }
  }

  const s = settings.data;
  return (
    <Card title={t('document.title')} size="small">
      {settings.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {settings.isError && <QueryError error={settings.error} onRetry={() => void settings.refetch()} />}
      {s && (
        <Flex vertical gap={12}>
          <Flex wrap gap={8} justify="space-between">
            <Typography.Text data-testid="document-number">
              {s.number !== null
                ? t('document.numbered', { number: `${String(s.number).padStart(2, '0')}/${s.symbol}`, date: s.issued_on ? formatDate(s.issued_on) : '' })
                : t('document.draft', { symbol: s.symbol })}
            </Typography.Text>
            <Link to={`/units/${submission.unit.id}/register`}>{t('document.registerLink')}</Link>
          </Flex>
          <Flex wrap gap={8}>
            <Button icon={<EyeOutlined />} loading={busy === 'preview'} onClick={() => void showPreview()}>{t('document.preview')}</Button>
            {FORMATS.map(({ format, key }) => (
              <Button key={format} icon={<DownloadOutlined />} loading={busy === format} onClick={() => void save(format)}>{t(key)}</Button>
            ))}
          </Flex>
          {submission.status === 'approved' && <Publication id={submission.id} settings={s} canPublish={canPublish} />}
          {submission.status === 'approved' && (
            <SignedCopyPanel id={submission.id} copy={s.signed_copy} canSign={canSign} canRemove={canPublish} />
          )}
          {editable ? <SignerForm id={submission.id} settings={s} /> : <SignerView settings={s} />}
        </Flex>
      )}
      <Modal
        open={preview !== null}
        title={t('document.previewTitle')}
        width="min(960px, 96vw)"
        footer={null}
        onCancel={() => setPreview(null)}
        destroyOnHidden
      >
        {preview && <iframe title={t('document.previewTitle')} src={preview} style={{ width: '100%', height: '75vh', border: 0 }} />}
      </Modal>
    </Card>
  );
}

/** Công khai: whether the PDF is on the public pages, and the switch for those who may publish. */
function Publication({ id, settings, canPublish }: { id: number; settings: DocumentSettings; canPublish: boolean }) {
  const { t } = useI18n();
  const publication = usePublication(id);
  const { message } = App.useApp();
  const published = settings.published_at !== null;

  async function toggle() {
    try {
      await publication.mutateAsync(!published);
      void message.success(published ? t('document.unpublished') : t('document.publishedNow'));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  }

  return (
    <Flex wrap gap={8} align="center">
      <Typography.Text data-testid="document-publication">
        {published
          ? <>{t('document.published', { date: formatDate(settings.published_at) })} <a href={`/api/v1/public/submissions/${id}.pdf`} target="_blank" rel="noreferrer">{t('document.publicLink')}</a></>
          : t('document.notPublished')}
      </Typography.Text>
      {canPublish && (
        <Button size="small" loading={publication.isPending} onClick={() => void toggle()}>
          {published ? t('document.unpublish') : t('document.publish')}
        </Button>
      )}
    </Flex>
  );
}

function SignerView({ settings }: { settings: DocumentSettings }) {
  const { t } = useI18n();
  return (
    <Typography.Paragraph style={{ marginBottom: 0 }}>
      <Typography.Text type="secondary">{t('document.signer')}: </Typography.Text>
      {[settings.signer_authority, settings.signer_title, settings.signer_name].filter(Boolean).join(' · ') || '—'}
      <br />
      <Typography.Text type="secondary">{t('document.recipients')}: </Typography.Text>
      {settings.recipients.join(' ')}
    </Typography.Paragraph>
  );
}

interface SignerValues {
  signer_authority: string;
  signer_title: string;
  signer_name: string;
  recipients: string;
}

function SignerForm({ id, settings }: { id: number; settings: DocumentSettings }) {
  const { t } = useI18n();
  const update = useUpdateDocumentSettings(id);
  const { message } = App.useApp();
  const [form] = Form.useForm<SignerValues>();

  async function submit(values: SignerValues) {
    try {
      await update.mutateAsync({
        signer_authority: values.signer_authority,
        signer_title: values.signer_title,
        signer_name: values.signer_name,
        recipients: values.recipients.split('\n'),
      });
      void message.success(t('document.saved'));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  }

  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      initialValues={{ ...settings, recipients: settings.recipients.join('\n') }}
      onFinish={(values) => void submit(values)}
    >
      <Form.Item name="signer_authority" label={t('document.signerAuthority')} extra={t('document.signerAuthorityHelp')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="signer_title" label={t('document.signerTitle')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="signer_name" label={t('document.signerName')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="recipients" label={t('document.recipients')} extra={t('document.recipientsHelp')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Button htmlType="submit" loading={update.isPending}>{t('document.save')}</Button>
    </Form>
  );
}
