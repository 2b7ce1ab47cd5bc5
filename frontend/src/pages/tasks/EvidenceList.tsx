import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Flex } from 'antd';
import { fetchEvidence } from '../../api/planQueries';
import type { EvidenceFile } from '../../api/types';
import { problemText } from '../../components/problemText';
import { useI18n } from '../../i18n';
import { download } from '../../lib/exportTable';
import { formatNumber } from '../../lib/format';

/** The evidence attached to a progress report; each downloads with the user's session. */
export function EvidenceList({ files }: { files: readonly EvidenceFile[] }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  if (files.length === 0) return null;
  const save = async (file: EvidenceFile) => {
    try {
      download(await fetchEvidence(file.id), file.filename);
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };
  return (
    <Flex vertical align="start">
      {files.map((file) => (
        <Button key={file.id} type="link" size="small" icon={<PaperClipOutlined aria-hidden />} style={{ paddingInline: 0 }} onClick={() => void save(file)}>
          {file.filename} ({formatNumber(Math.max(1, Math.round(file.size / 1024)), locale)} KB)
        </Button>
      ))}
    </Flex>
  );
}
