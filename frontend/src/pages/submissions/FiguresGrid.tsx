import type { HTMLAttributes, KeyboardEvent } from 'react';
import { WarningOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Radio, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { FormIndicator } from '../../api/types';
import { useI18n, type Translate } from '../../i18n';
import { cellKeys, figureKey, type Drafts, type FigureDraft } from '../../lib/figures';
import { formatShare, parseNumber, type Locale } from '../../lib/format';

interface Props {
  indicators: readonly FormIndicator[];
  drafts: Drafts;
  /** Absent: the grid is read-only. */
  onChange?: (key: string, draft: FigureDraft) => void;
  /** Messages per cell key (client checks and the server's field errors). */
  problems?: ReadonlyMap<string, string>;
  /** After a conflict: the server's text for the cells that differ from the user's. */
  theirs?: ReadonlyMap<string, FigureDraft>;
  /** A second, read-only column: the same unit's previous period. */
  compare?: { title: string; drafts: Drafts };
  /** Flagged cells of a report read: the tooltip saying what each is unusual against. */
  flags?: ReadonlyMap<string, string>;
}

function indicatorLabel(indicator: FormIndicator, locale: Locale): string {
  return locale === 'en' && indicator.name_en ? indicator.name_en : indicator.name;
}

/** A cell as text, for reading: "Có", "13/13 (100%)", "1.294". */
export function draftText(indicator: FormIndicator, draft: FigureDraft | undefined, t: Translate, locale: Locale): string {
  if (!draft) return '—';
  if (indicator.value_type === 'yes_no') return draft.value === 'yes' ? t('common.yes') : draft.value === 'no' ? t('common.no') : '—';
  if (indicator.value_type === 'ratio') {
    if (!draft.numerator && !draft.denominator) return '—';
    const share = formatShare(parseNumber(draft.numerator ?? '', locale), parseNumber(draft.denominator ?? '', locale), locale);
    return `${draft.numerator ?? '—'}/${draft.denominator ?? '—'} (${share})`;
  }
  return draft.value?.trim() ? draft.value : '—';
}

function errorId(key: string) {
  return `figure-error-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

interface CellProps {
  indicator: FormIndicator;
  cellKey: string;
  label: string;
  draft: FigureDraft | undefined;
  onChange: (key: string, draft: FigureDraft) => void;
  invalid: boolean;
}

function CellInput({ indicator, cellKey, label, draft, onChange, invalid }: CellProps) {
  const { t } = useI18n();
  const described = invalid ? errorId(cellKey) : undefined;
  const common = { 'aria-invalid': invalid || undefined, 'aria-describedby': described, status: invalid ? ('error' as const) : undefined };
  switch (indicator.value_type) {
    case 'yes_no':
      return (
        <Radio.Group
          aria-label={label}
          value={draft?.value ?? null}
          onChange={(e) => onChange(cellKey, { value: String(e.target.value) })}
          options={[{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }]}
        />
      );
    case 'ratio':
      return (
        <Flex gap={6} align="center" wrap>
          <Input
            {...common}
            aria-label={`${label} – ${indicator.numerator_name ?? t('figures.numerator')}`}
            placeholder={t('figures.numerator')}
            inputMode="decimal"
            style={{ width: 110 }}
            value={draft?.numerator ?? ''}
            onChange={(e) => onChange(cellKey, { ...draft, numerator: e.target.value })}
          />
          <span aria-hidden>/</span>
          <Input
            {...common}
            aria-label={`${label} – ${indicator.denominator_name ?? t('figures.denominator')}`}
            placeholder={t('figures.denominator')}
            inputMode="decimal"
            style={{ width: 110 }}
            value={draft?.denominator ?? ''}
            onChange={(e) => onChange(cellKey, { ...draft, denominator: e.target.value })}
          />
        </Flex>
      );
    case 'text':
      return <Input.TextArea {...common} aria-label={label} autoSize={{ minRows: 1, maxRows: 4 }} value={draft?.value ?? ''} onChange={(e) => onChange(cellKey, { value: e.target.value })} />;
    default:
      return (
        <Input
          {...common}
          aria-label={label}
          inputMode={indicator.value_type === 'count' ? 'numeric' : 'decimal'}
          style={{ width: 140 }}
          value={draft?.value ?? ''}
          onChange={(e) => onChange(cellKey, { value: e.target.value })}
        />
      );
  }
}

/** The grid's fields in the order Tab visits them (the form's order); a yes/no is its group. */
const FIELDS = 'input:not([type]), input[type="text"], textarea, .ant-radio-group';

function focusable(field: HTMLElement): HTMLElement | null {
  if (!field.classList.contains('ant-radio-group')) return field;
  return field.querySelector<HTMLElement>('input[type="radio"]:checked') ?? field.querySelector<HTMLElement>('input[type="radio"]');
}

/**
 * Enter moves to the next field down, Shift+Enter back up, as in a spreadsheet: a report is typed
 * from a paper one, figure after figure, without the mouse. Not while a Vietnamese input method is
 * composing (Enter ends the word), nor in a text answer, where Enter is a new line.
 */
function moveOnEnter(event: KeyboardEvent<HTMLDivElement>) {
  const field = event.target;
  if (event.key !== 'Enter' || event.nativeEvent.isComposing || !(field instanceof HTMLInputElement)) return;
  const fields = [...event.currentTarget.querySelectorAll<HTMLElement>(FIELDS)].map(focusable);
  const at = fields.indexOf(field);
  const next = at < 0 ? undefined : fields[at + (event.shiftKey ? -1 : 1)];
  if (!next) return;
  event.preventDefault();
  next.focus();
  if (next instanceof HTMLInputElement && next.type !== 'radio') next.select();
}

/** The figures of a report: one row per indicator, one input per category option where it has them. */
export function FiguresGrid({ indicators, drafts, onChange, problems, theirs, compare, flags }: Props) {
  const { t, locale } = useI18n();

  const cells = (indicator: FormIndicator, source: Drafts, editable: boolean, flagged?: ReadonlyMap<string, string>) => {
    const name = indicatorLabel(indicator, locale);
    return (
      <Flex vertical gap={6}>
        {cellKeys(indicator).map((key) => {
          const category = indicator.categories.find((c) => figureKey(indicator.code, c.code) === key);
          const categoryName = category ? (locale === 'en' && category.name_en ? category.name_en : category.name) : null;
          const label = categoryName ? `${name} – ${categoryName}` : name;
          const problem = editable ? problems?.get(key) : undefined;
          const server = editable ? theirs?.get(key) : undefined;
          return (
            <div key={key}>
              <Flex gap={8} align="center" wrap>
                {categoryName && <Typography.Text type="secondary" style={{ minWidth: 140 }}>{categoryName}</Typography.Text>}
                {editable && onChange
                  ? <CellInput indicator={indicator} cellKey={key} label={label} draft={source[key]} onChange={onChange} invalid={problem !== undefined} />
                  : <span>{draftText(indicator, source[key], t, locale)}</span>}
                {flagged?.has(key) && (
                  <Tooltip title={flagged.get(key)}>
                    <Tag color="orange" icon={<WarningOutlined />} tabIndex={0} aria-label={flagged.get(key)}>{t('outlier.column')}</Tag>
                  </Tooltip>
                )}
              </Flex>
              {problem && <Typography.Text type="danger" id={errorId(key)} role="alert" style={{ fontSize: 13 }}>{problem}</Typography.Text>}
              {server && onChange && (
                <Flex gap={4} align="center" style={{ fontSize: 13 }}>
                  <Typography.Text type="warning">{t('report.serverHas', { value: draftText(indicator, server, t, locale) })}</Typography.Text>
                  <Button size="small" type="link" onClick={() => onChange(key, server)}>{t('report.useServer')}</Button>
                </Flex>
              )}
            </div>
          );
        })}
      </Flex>
    );
  };

  const columns: TableColumnsType<FormIndicator> = [
    {
      key: 'indicator',
      title: t('report.indicator'),
      render: (_, indicator) => (
        <>
          <span>{indicatorLabel(indicator, locale)}</span>
          {indicator.required && <Tag color="red" bordered={false} style={{ marginInlineStart: 6 }}>{t('report.required')}</Tag>}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {indicator.code}{indicator.unit_of_measure ? ` · ${t('report.uom', { uom: indicator.unit_of_measure })}` : ''}
            </Typography.Text>
          </div>
        </>
      ),
    },
    { key: 'value', title: t('report.value'), width: onChange ? 330 : 220, render: (_, indicator) => cells(indicator, drafts, onChange !== undefined, flags) },
  ];
  if (compare) {
    columns.push({ key: 'compare', title: compare.title, width: 200, render: (_, indicator) => cells(indicator, compare.drafts, false) });
  }

  return (
    <div onKeyDown={onChange ? moveOnEnter : undefined}>
      <Table<FormIndicator>
        size="small"
        rowKey="code"
        columns={columns}
        dataSource={[...indicators]}
        pagination={false}
        onRow={(indicator) => ({ 'data-code': indicator.code }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}
