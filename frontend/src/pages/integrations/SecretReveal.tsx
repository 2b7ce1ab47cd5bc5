import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Modal, Space, Typography, type InputRef } from 'antd';
import { useRef, type ReactNode } from 'react';
import { useT } from '../../i18n';

/** Copies text to the clipboard; falls back to selecting it in `input` and the old copy command. */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!input) return false;
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** A command to paste into a terminal, with its own copy button. */
export function Snippet({ label, code }: { label: string; code: string }) {
  const t = useT();
  return (
    <div>
      <Typography.Text strong>{label}</Typography.Text>
      <Typography.Paragraph
        copyable={{ text: code, tooltips: [t('secret.copySnippet'), t('secret.copied')] }}
        style={{ display: 'flex', alignItems: 'flex-start', gap: 4, marginTop: 4, marginBottom: 0 }}
      >
        <pre style={{ flex: 1, margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{code}</pre>
      </Typography.Paragraph>
    </div>
  );
}

interface Props {
  /** The secret to show; null while closed. */
  secret: string | null;
  title: string;
  /** What the secret is ("Mã truy cập", "Khóa bí mật"), the label of its field. */
  label: string;
  onClose: () => void;
  /** How to use it: snippets, the token URL. */
  children?: ReactNode;
}

/**
 * A secret the server shows once (API token, client secret, webhook secret): a warning that it will
 * not be shown again, the secret with a copy button, and how to use it. Closing needs a click on a
 * button: a stray click beside the dialog would lose the secret for good.
 */
export function SecretReveal({ secret, title, label, onClose, children }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const input = useRef<InputRef>(null);

  const copy = async () => {
    if (secret === null) return;
    if (await copyText(secret, input.current?.input ?? null)) void message.success(t('secret.copiedMessage'));
    else void message.warning(t('secret.copyFailed'));
  };

  return (
    <Modal
      open={secret !== null}
      title={title}
      width={720}
      maskClosable={false}
      keyboard={false}
      onCancel={onClose}
      destroyOnHidden
      footer={<Button type="primary" onClick={onClose}>{t('secret.done')}</Button>}
    >
      <Flex vertical gap={16}>
        <Alert type="warning" showIcon role="alert" message={t('secret.onceTitle')} description={t('secret.onceText')} />
        <div>
          <Typography.Text strong>
            <label htmlFor="secret-value">{label}</label>
          </Typography.Text>
          <Space.Compact style={{ width: '100%', marginTop: 4 }}>
            <Input
              id="secret-value"
              ref={input}
              readOnly
              value={secret ?? ''}
              data-testid="secret-value"
              style={{ fontFamily: 'monospace' }}
              onFocus={(event) => event.target.select()}
            />
            <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copy()}>{t('secret.copy')}</Button>
          </Space.Compact>
        </div>
        {children}
      </Flex>
    </Modal>
  );
}
