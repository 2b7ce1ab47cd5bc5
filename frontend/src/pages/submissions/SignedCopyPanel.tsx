import { DeleteOutlined, DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Flex, Popconfirm, Tag, Tooltip, Typography, Upload } from 'antd';
import { fetchSignedCopy, useSignedCopy } from '../../api/reportQueries';
import type { SignedCopy } from '../../api/types';
import { problemText } from '../../components/problemText';
import { useI18n } from '../../i18n';
import { download } from '../../lib/exportTable';
import { formatDateTime } from '../../lib/format';

/** Trusted or not: an intact signature whose certificate the server cannot vouch for is kept, and said so. */
export function TrustTag({ copy }: { copy: SignedCopy }) {
  const { t } = useI18n();
  return copy.trusted
    ? <Tag color="success" icon={<SafetyCertificateOutlined aria-hidden />} data-testid="signed-trust">{t('document.trusted')}</Tag>
    : (
      <Tooltip title={t('document.untrustedHelp')}>
        <Tag color="warning" data-testid="signed-trust">{t('document.untrusted')}</Tag>
      </Tooltip>
    );
}

/** Who signed the copy, when, and with whose certificate. */
export function SignedCopySummary({ copy }: { copy: SignedCopy }) {
  const { t } = useI18n();
  return (
    <Descriptions
      size="small"
      column={1}
      layout="vertical"
      data-testid="signed-copy"
      items={[
        { key: 'signer', label: t('document.signedBy'), children: <><strong>{copy.signer_name}</strong> <TrustTag copy={copy} /></> },
        { key: 'at', label: t('document.signedAt'), children: copy.signed_at ? formatDateTime(copy.signed_at) : '—' },
        { key: 'issuer', label: t('document.certificateIssuer'), children: copy.certificate_issuer },
        { key: 'serial', label: t('document.certificateSerial'), children: <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{copy.certificate_serial}</Typography.Text> },
        ...(copy.signatures > 1 ? [{ key: 'count', label: t('document.signatures'), children: copy.signatures }] : []),
      ]}
    />
  );
}

/** The signed copy (ký số) of an approved report: what it is, and uploading, downloading or removing it. */
export function SignedCopyPanel({ id, copy, canSign, canRemove }: { id: number; copy: SignedCopy | null; canSign: boolean; canRemove: boolean }) {
  const { t } = useI18n();
  const { upload, remove } = useSignedCopy(id);
  const { message } = App.useApp();

  async function send(file: File) {
    try {
      await upload.mutateAsync(file);
      void message.success(t('document.signedUploaded'));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  }

  async function save() {
    try {
      const { blob, fileName } = await fetchSignedCopy(id);
      download(blob, fileName);
    } catch (error) {
      void message.error(problemText(error, t));
    }
  }

  async function drop() {
    try {
      await remove.mutateAsync();
      void message.success(t('document.signedRemoved'));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  }

  return (
    <Flex vertical gap={8}>
      <Typography.Text strong>{t('document.signedCopy')}</Typography.Text>
      {copy ? <SignedCopySummary copy={copy} /> : <Typography.Text type="secondary">{t('document.notSigned')}</Typography.Text>}
      <Flex wrap gap={8}>
        {canSign && (
          <Upload
            accept="application/pdf,.pdf"
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button size="small" icon={<UploadOutlined aria-hidden />} loading={upload.isPending}>
              {copy ? t('document.replaceSigned') : t('document.uploadSigned')}
            </Button>
          </Upload>
        )}
        {copy && <Button size="small" icon={<DownloadOutlined aria-hidden />} onClick={() => void save()}>{t('document.downloadSigned')}</Button>}
        {copy && canRemove && (
          <Popconfirm title={t('document.removeSignedConfirm')} onConfirm={() => void drop()}>
            <Button size="small" danger icon={<DeleteOutlined aria-hidden />} loading={remove.isPending}>{t('document.removeSigned')}</Button>
          </Popconfirm>
        )}
      </Flex>
      {canSign && !copy && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('document.signedHelp')}</Typography.Text>}
    </Flex>
  );
}
