import { ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useCompile } from '../../api/reportQueries';
import type { Compilation, FormCompleteness, IndicatorMaterial, NarrativeMaterial, OrgUnitRef, Submission } from '../../api/types';
import { problemText } from '../../components/problemText';
import { hasMessage, useI18n } from '../../i18n';
import { attributedTexts, formatTotal, unitNames } from '../../lib/compilations';
import { formatDateTime } from '../../lib/format';
import { flaggedUnits } from '../../lib/outliers';

/** "Làm mới số liệu tổng hợp": compiles the report again; the text written stays as it is. */
export function RefreshCompilation({ submission }: { submission: Submission }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const compile = useCompile();
  const refresh = async () => {
    try {
      await compile.mutateAsync({ form_id: submission.form.id, unit_id: submission.unit.id, period: submission.period });
      void message.success(t('compile.refreshed'));
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };
  return (
    <Button size="small" icon={<ReloadOutlined aria-hidden />} loading={compile.isPending} onClick={() => void refresh()}>
      {t('compile.refresh')}
    </Button>
  );
}

/** The figures gathered from below, in place of the grid a compiled report has no use for. */
function CompiledDataValues({ compilation, refresh }: { compilation: Compilation; refresh?: ReactNode }) {
  const { t, locale } = useI18n();
  const kind = (value: string) => {
    const key = `kind.${value}`;
    return hasMessage(key) ? t(key) : value;
  };
  return (
    <Card
      title={t('compile.figures')}
      size="small"
      extra={(
        <Flex gap={12} align="center" wrap>
          <Typography.Text type="secondary">
            {t('compile.compiledAt', { at: formatDateTime(compilation.compiled_at), who: compilation.compiled_by ?? '—' })}
          </Typography.Text>
          {refresh}
        </Flex>
      )}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('compile.figuresHelp')}</Typography.Paragraph>
      <Table<IndicatorMaterial>
        size="small"
        rowKey="indicator_id"
        pagination={false}
        dataSource={compilation.material.data_values}
        columns={[
          {
            key: 'indicator',
            title: t('compile.indicator'),
            render: (_, row) => (
              <>
                <div>{row.name}{row.unit_of_measure && <Typography.Text type="secondary"> ({row.unit_of_measure})</Typography.Text>}</div>
                {row.answered_no.length > 0 && (
                  <Typography.Text type="danger">{t('compile.answeredNo', { units: unitNames(row.answered_no) })}</Typography.Text>
                )}
              </>
            ),
          },
          {
            key: 'total',
            title: t('compile.total'),
            width: 160,
            render: (_, row) => <strong>{formatTotal(row.total, row.value_type, locale)}</strong>,
          },
          {
            key: 'kind',
            title: t('compile.byKind'),
            width: 300,
            render: (_, row) => row.by_kind.filter((k) => k.reported > 0).map((k) => (
              <div key={k.kind}>
                {t('compile.kindLine', { kind: kind(k.kind), units: k.units, total: formatTotal(k, row.value_type, locale) })}
              </div>
            )),
          },
          {
            key: 'outliers',
            title: t('compile.outliers'),
            width: 260,
            render: (_, row) => (
              <Flex gap={4} wrap>
                {flaggedUnits(row.by_unit, t, locale).map(({ row: unit, note }) => (
                  <Tooltip key={unit.unit.id} title={note}>
                    <Tag color="orange" icon={<WarningOutlined aria-hidden />} tabIndex={0} aria-label={`${unit.unit.name}: ${note}`}>
                      {unit.unit.name}: {formatTotal(unit, row.value_type, locale)}
                    </Tag>
                  </Tooltip>
                ))}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** A compiled report's figures and completeness: what replaces the figures grid on its page. */
export function CompiledCards({ compilation, refresh }: { compilation: Compilation; refresh?: ReactNode }) {
  return (
    <>
      <CompiledDataValues compilation={compilation} refresh={refresh} />
      <CompiledCompleteness completeness={compilation.material.completeness} />
    </>
  );
}

/** What to put beside each narrative section of a compiled report: the units' texts for it. */
export function materialBeside(compilation: Compilation | null): ((key: string) => ReactNode) | undefined {
  if (!compilation) return undefined;
  return (key) => <SectionMaterial section={compilation.material.narrative.find((section) => section.key === key)} />;
}

function NamedUnits({ label, units, type }: { label: string; units: readonly OrgUnitRef[]; type?: 'warning' | 'danger' }) {
  return (
    <div>
      <Typography.Text strong type={units.length > 0 ? type : undefined}>{label}</Typography.Text>
      {units.length > 0 && <>: {unitNames(units)}</>}
    </div>
  );
}

/** Per form of the units below: who was to report, on time, late, not at all (named). */
function CompiledCompleteness({ completeness }: { completeness: readonly FormCompleteness[] }) {
  const { t } = useI18n();
  return (
    <Card title={t('compile.completeness')} size="small">
      <Flex vertical gap={12}>
        {completeness.map((form) => (
          <section key={form.form}>
            <Typography.Text strong>{form.name}</Typography.Text>
            <Typography.Text type="secondary"> · {t('compile.expected', { count: form.expected })}</Typography.Text>
            <NamedUnits label={t('compile.onTime', { count: form.on_time.length })} units={form.on_time} />
            <NamedUnits label={t('compile.late', { count: form.late.length })} units={form.late} type="warning" />
            <NamedUnits label={t('compile.notReported', { count: form.not_reported.length })} units={form.not_reported} type="danger" />
          </section>
        ))}
      </Flex>
    </Card>
  );
}

/** What the units below wrote for one narrative section, attributed, for the compiler to condense. */
function SectionMaterial({ section }: { section: NarrativeMaterial | undefined }) {
  const { t } = useI18n();
  const texts = attributedTexts(section);
  return (
    <aside aria-label={t('compile.material')} style={{ background: '#fafafa', borderInlineStart: '3px solid #d9d9d9', padding: '4px 8px', maxHeight: 320, overflowY: 'auto' }}>
      <Typography.Paragraph type="secondary" strong style={{ marginBottom: 4 }}>{t('compile.material')}</Typography.Paragraph>
      {texts.length === 0
        ? <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{t('compile.noMaterial')}</Typography.Paragraph>
        : texts.map((text, i) => <Typography.Paragraph key={i} style={{ whiteSpace: 'pre-wrap', marginBottom: 6 }}>{text}</Typography.Paragraph>)}
    </aside>
  );
}
