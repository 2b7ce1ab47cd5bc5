import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Form, Input, InputNumber, Select, Space, Switch, Typography, type SelectProps } from 'antd';
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { ApiProblem } from '../../api/problem';
import { useIndicators, useOrgUnit } from '../../api/queries';
import { useCreateReportingForm, useUpdateReportingForm } from '../../api/reportQueries';
import {
  CROSS_RULE_OPERATORS, CUTOFF_RULES, GRASSROOTS_TYPES, ORG_UNIT_KINDS, type CrossRuleOperator, type Indicator, type ReportingForm,
} from '../../api/types';
import { useCurrentUser } from '../../app/CurrentUser';
import { Drawer } from '../../components/Drawer';
import { formProblemAt } from '../../components/formProblem';
import { problemText } from '../../components/problemText';
import { UnitSelect, type UnitOption } from '../../components/UnitSelect';
import { useDebounced } from '../../components/useDebounced';
import { useI18n, type MessageKey } from '../../i18n';
import type { PeriodType } from '../../lib/format';
import {
  createPayload, defaultOwner, formPlaceOf, formValuesOf, LEVELS, LIMITS, newFormValues, PERIOD_TYPES, repeatedKeys, ruleIndicators,
  sectionKeyOf, updatePayload, type FormValues, type IndicatorLine, type SectionLine,
} from '../../lib/reportingForms';

/** A section added here gets its key from its title until the key is typed by hand. */
type DrawerSection = SectionLine & { auto?: boolean };
type DrawerValues = Omit<FormValues, 'narrative'> & { narrative: DrawerSection[] };

const OPERATOR_KEYS: Record<CrossRuleOperator, MessageKey> = {
  '<=': 'forms.op.le', '<': 'forms.op.lt', '>=': 'forms.op.ge', '>': 'forms.op.gt', '==': 'forms.op.eq',
};

/** When input opens before the period ends and closes after the deadline: two day counts alike. */
const WINDOW_FIELDS = [
  { name: 'opens_days_before_end', label: 'forms.opensDays', help: 'forms.opensHelp' },
  { name: 'closes_days_after_deadline', label: 'forms.closesDays', help: 'forms.closesHelp' },
] as const satisfies readonly { name: keyof FormValues; label: MessageKey; help: MessageKey }[];

interface Props {
  /** The form to read or change; null to create one; undefined while closed. */
  form: ReportingForm | null | undefined;
  /** The caller may not change this form: every field is shown, none can be changed. */
  readOnly: boolean;
  onClose: () => void;
  onSaved: (form: ReportingForm, created: boolean) => void;
}

/**
 * A Select under a required Form.Item. The item hands its child aria-required, which Select puts on
 * its root <div> as well, where ARIA does not allow it (axe: aria-allowed-attr); the asterisk and
 * the error message say the field is needed, as with UnitSelect.
 */
function RequiredSelect<V>({ 'aria-required': _required, ...props }: SelectProps<V> & { 'aria-required'?: unknown }) {
  return <Select<V> {...props} />;
}

/** Takes a line (an indicator, a section, a rule) out of the form; named by what it removes. */
function RemoveButton({ what, onClick, size, style }: { what: string; onClick: () => void; size?: 'small'; style?: CSSProperties }) {
  const { t } = useI18n();
  return <Button type="text" size={size} danger icon={<DeleteOutlined aria-hidden />} onClick={onClick} aria-label={t('forms.removeOf', { what })} style={style} />;
}

function Heading({ children, first = false }: { children: ReactNode; first?: boolean }) {
  return <Typography.Title level={2} style={{ fontSize: 16, margin: `${first ? 0 : 20}px 0 12px` }}>{children}</Typography.Title>;
}

/** An indicator line shows its code and name; a refusal of the line by the server shows beneath it. */
function IndicatorName({ value, name }: { value?: string; name: string }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Typography.Text code>{value}</Typography.Text>{' '}
      <Typography.Text>{name}</Typography.Text>
    </div>
  );
}

/** Finds an indicator of the catalogue by code or name, the server matching with or without diacritics. */
function IndicatorPicker({ id, listed, onPick }: { id: string; listed: readonly string[]; onPick: (indicator: Indicator) => void }) {
  const { t, locale } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useIndicators({ q, value_type: undefined, page: 1, limit: 20 });
  const items = found.data?.items ?? [];
  return (
    <Select<number | null>
      id={id}
      showSearch
      value={null}
      filterOption={false}
      searchValue={text}
      onSearch={setText}
      placeholder={t('forms.addIndicatorPlaceholder')}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? null : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('indicators.empty')} />}
      options={items.map((i) => ({
        value: i.id,
        label: `${i.code} — ${locale === 'en' && i.name_en ? i.name_en : i.name}`,
        disabled: listed.includes(i.code),
      }))}
      onChange={(chosen) => {
        const indicator = items.find((i) => i.id === chosen);
        if (indicator) onPick(indicator);
        setText('');
      }}
    />
  );
}

/**
 * Creates a reporting form or changes one: what it asks (indicators, narrative outline), who reports
 * it, when (period, deadline per level, input window, reminder) and the checks between its figures.
 */
export function ReportingFormDrawer({ form: shown, readOnly, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const { me } = useCurrentUser();
  const [form] = Form.useForm<DrawerValues>();
  const create = useCreateReportingForm();
  const update = useUpdateReportingForm();
  const open = shown !== undefined;
  const editing = shown ?? null;
  const [formError, setFormError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  // Only an admin of the whole country (no unit) may leave the owner empty: a national form.
  const countryWide = me.unit === null;
  const ownerId = editing?.owner_unit_id ?? null;
  const owner = useOrgUnit(ownerId ?? 0, open && ownerId !== null);
  const ownerShown: UnitOption | null = editing
    ? (owner.data ? { id: owner.data.id, name: owner.data.name } : null)
    : (me.unit ? { id: me.unit.id, name: me.unit.name } : null);
  const lines = (Form.useWatch('indicators', form) ?? []) as IndicatorLine[];
  const numeric = ruleIndicators(lines);

  const newOwner = defaultOwner(me);
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(editing ? formValuesOf(editing) : newFormValues(newOwner));
  }, [open, editing, form, newOwner]);

  useEffect(() => {
    if (formError) errorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [formError]);

  const submit = async () => {
    setFormError(null);
    // The whole store: a line's name and value type are shown, not edited, so no field holds them.
    const values = form.getFieldsValue(true) as DrawerValues;
    try {
      if (editing) onSaved(await update.mutateAsync({ id: editing.id, body: updatePayload(values) }), false);
      else onSaved(await create.mutateAsync(createPayload(values)), true);
    } catch (error) {
      showProblem(error);
    }
  };

  const showProblem = (error: unknown) => {
    if (error instanceof ApiProblem && error.code === 'reporting_form_code_taken') {
      // A taken code is a conflict rather than a validation error, but it belongs to that field.
      form.setFields([{ name: 'code', errors: [problemText(error, t)] }]);
      form.scrollToField('code');
      return;
    }
    const problem = formProblemAt(error, formPlaceOf, t);
    // The places are the drawer's own field paths (formPlaceOf), which the typed name paths cannot spell.
    form.setFields(problem.fields as Parameters<typeof form.setFields>[0]);
    setFormError(problem.message);
    const first = problem.fields[0];
    if (first && !problem.message) form.scrollToField(first.name);
  };

  const range = (min: number, max: number) => ({ type: 'integer' as const, min, max, message: t('forms.range', { min, max }) });
  const listLimit = (max: number, least?: MessageKey) => ({
    validator: async (_: unknown, value: unknown[] | undefined) => {
      if (least && !value?.length) throw new Error(t(least));
      if ((value?.length ?? 0) > max) throw new Error(t('forms.tooMany', { max }));
    },
  });

  const addSection = (add: (value: DrawerSection) => void) => add({ key: '', title: '', auto: true });
  /** A new section's key follows its title (ket_qua_dat_duoc), until it is typed by hand. */
  const titleTyped = (index: number, title: string) => {
    const section = form.getFieldValue(['narrative', index]) as DrawerSection | undefined;
    if (section?.auto) form.setFieldValue(['narrative', index, 'key'], sectionKeyOf(title));
  };

  const saving = create.isPending || update.isPending;
  const title = editing
    ? t(readOnly ? 'forms.viewTitle' : 'forms.editTitle', { code: editing.code })
    : t('forms.createTitle');
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={760}
      title={title}
      destroyOnHidden
      extra={readOnly
        ? <Button onClick={onClose}>{t('common.close')}</Button>
        : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()}>{editing ? t('common.save') : t('forms.create')}</Button>
          </Space>
        )}
    >
      <div ref={errorRef}>
        {formError && <Alert type="error" showIcon role="alert" message={t('error.formHasErrors')} description={formError} style={{ marginBottom: 16 }} />}
      </div>
      {readOnly && <Alert type="info" showIcon message={t('forms.readOnly')} style={{ marginBottom: 16 }} />}
      <Form<DrawerValues>
        form={form}
        name="reporting-form"
        layout="vertical"
        onFinish={() => void submit()}
        disabled={readOnly || saving}
        scrollToFirstError
      >
        <Heading first>{t('forms.section.general')}</Heading>
        <Flex gap={16} wrap>
          <Form.Item
            name="code"
            label={t('forms.code')}
            extra={editing ? undefined : t('forms.codeHelp')}
            style={{ flex: '1 1 260px' }}
            rules={[
              { required: true, whitespace: true, message: t('forms.codeRequired') },
              { max: LIMITS.code, message: t('field.tooLong', { max: LIMITS.code }) },
              { pattern: LIMITS.codePattern, message: t('forms.codePattern') },
            ]}
          >
            <Input autoComplete="off" maxLength={LIMITS.code} disabled={editing !== null} spellCheck={false} />
          </Form.Item>
          <Form.Item name="period_type" label={t('forms.periodType')} style={{ flex: '1 1 180px' }} rules={[{ required: true, message: t('forms.periodTypeRequired') }]}>
            <RequiredSelect<PeriodType> options={PERIOD_TYPES.map((type) => ({ value: type, label: t(`periodType.${type}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="name"
          label={t('forms.name')}
          rules={[
            { required: true, whitespace: true, message: t('forms.nameRequired') },
            { max: LIMITS.name, message: t('field.tooLong', { max: LIMITS.name }) },
          ]}
        >
          <Input autoComplete="off" maxLength={LIMITS.name} />
        </Form.Item>
        <Form.Item name="name_en" label={t('forms.nameEn')} rules={[{ max: LIMITS.name, message: t('field.tooLong', { max: LIMITS.name }) }]}>
          <Input autoComplete="off" maxLength={LIMITS.name} lang="en" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="period_rule" label={t('forms.periodRule')} style={{ flex: '1 1 300px' }}>
            <Select options={CUTOFF_RULES.map((rule) => ({ value: rule, label: t(`forms.periodRule.${rule}`) }))} />
          </Form.Item>
          <Form.Item
            name="owner_unit_id"
            label={t('forms.owner')}
            extra={countryWide ? t('forms.ownerHelpCountry') : t('forms.ownerHelp')}
            style={{ flex: '1 1 300px' }}
            rules={countryWide ? [] : [{ required: true, message: t('forms.ownerRequired') }]}
          >
            <UnitSelect initial={ownerShown} allowClear={countryWide} placeholder={t('forms.ownerNational')} />
          </Form.Item>
        </Flex>
        <Form.Item name="is_active" label={t('forms.activeLabel')} extra={t('forms.activeHelp')} valuePropName="checked">
          <Switch />
        </Form.Item>

        <Heading>{t('forms.section.indicators')}</Heading>
        <Form.List name="indicators" rules={[listLimit(LIMITS.indicators, 'forms.indicatorsRequired')]}>
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {!readOnly && (
                <Form.Item label={t('forms.addIndicator')} htmlFor="reporting-form-indicator-picker" extra={t('forms.indicatorsHelp')}>
                  <IndicatorPicker
                    id="reporting-form-indicator-picker"
                    listed={lines.map((line) => line.indicator)}
                    onPick={(i) => add({
                      indicator: i.code,
                      name: locale === 'en' && i.name_en ? i.name_en : i.name,
                      value_type: i.value_type,
                      required: false,
                    } satisfies IndicatorLine)}
                  />
                </Form.Item>
              )}
              {fields.length === 0 && <Typography.Paragraph type="secondary">{t('forms.noIndicators')}</Typography.Paragraph>}
              <ol aria-label={t('forms.section.indicators')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {fields.map((field, index) => {
                  const line = form.getFieldValue(['indicators', field.name]) as IndicatorLine | undefined;
                  const code = line?.indicator ?? '';
                  return (
                    <li key={field.key} style={{ borderBottom: '1px solid #f0f0f0', padding: '6px 0' }}>
                      <Flex align="center" gap={8}>
                        <Typography.Text type="secondary" style={{ width: 28, flex: 'none' }}>{index + 1}.</Typography.Text>
                        <Form.Item name={[field.name, 'indicator']} style={{ flex: 1, minWidth: 0, marginBottom: 0 }}>
                          <IndicatorName name={line?.name ?? ''} />
                        </Form.Item>
                        <Flex align="center" gap={6} style={{ flex: 'none' }}>
                          <Form.Item name={[field.name, 'required']} valuePropName="checked" noStyle>
                            <Switch size="small" aria-label={t('forms.requiredOf', { code })} />
                          </Form.Item>
                          <Typography.Text aria-hidden>{t('forms.required')}</Typography.Text>
                        </Flex>
                        {!readOnly && (
                          <Space size={0} style={{ flex: 'none' }}>
                            <Button
                              type="text"
                              size="small"
                              icon={<ArrowUpOutlined aria-hidden />}
                              disabled={index === 0}
                              onClick={() => move(index, index - 1)}
                              aria-label={`${t('forms.moveUp')} ${code}`}
                            />
                            <Button
                              type="text"
                              size="small"
                              icon={<ArrowDownOutlined aria-hidden />}
                              disabled={index === fields.length - 1}
                              onClick={() => move(index, index + 1)}
                              aria-label={`${t('forms.moveDown')} ${code}`}
                            />
                            <RemoveButton what={code} size="small" onClick={() => remove(field.name)} />
                          </Space>
                        )}
                      </Flex>
                    </li>
                  );
                })}
              </ol>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>

        <Heading>{t('forms.section.narrative')}</Heading>
        <Typography.Paragraph type="secondary">{t('forms.narrativeHelp')}</Typography.Paragraph>
        <Form.List name="narrative" rules={[listLimit(LIMITS.narrative)]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item
                    name={[field.name, 'title']}
                    style={{ flex: 1, marginBottom: 12 }}
                    rules={[
                      { required: true, whitespace: true, message: t('forms.sectionTitleRequired') },
                      { max: LIMITS.sectionTitle, message: t('field.tooLong', { max: LIMITS.sectionTitle }) },
                    ]}
                  >
                    <Input
                      aria-label={`${t('forms.sectionTitle')} ${index + 1}`}
                      placeholder={t('forms.sectionTitle')}
                      maxLength={LIMITS.sectionTitle}
                      onChange={(e) => titleTyped(field.name, e.target.value)}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'key']}
                    style={{ width: 220, marginBottom: 12 }}
                    rules={[
                      { required: true, whitespace: true, message: t('forms.sectionKeyRequired') },
                      { max: LIMITS.sectionKey, message: t('field.tooLong', { max: LIMITS.sectionKey }) },
                      { pattern: LIMITS.sectionKeyPattern, message: t('forms.sectionKeyPattern') },
                      {
                        validator: async (_, key: string | undefined) => {
                          const sections = (form.getFieldValue('narrative') ?? []) as DrawerSection[];
                          if (key && repeatedKeys(sections).has(key.trim())) throw new Error(t('forms.sectionKeyRepeated'));
                        },
                      },
                    ]}
                  >
                    <Input
                      aria-label={`${t('forms.sectionKey')} ${index + 1}`}
                      placeholder={t('forms.sectionKey')}
                      maxLength={LIMITS.sectionKey}
                      spellCheck={false}
                      onChange={() => form.setFieldValue(['narrative', field.name, 'auto'], false)}
                    />
                  </Form.Item>
                  {!readOnly && (
                    <RemoveButton what={t('forms.sectionN', { n: index + 1 })} onClick={() => remove(field.name)} />
                  )}
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              {!readOnly && (
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => addSection(add)} disabled={fields.length >= LIMITS.narrative} style={{ marginBottom: 16 }}>
                  {t('forms.addSection')}
                </Button>
              )}
            </>
          )}
        </Form.List>

        <Heading>{t('forms.section.reporters')}</Heading>
        <Typography.Paragraph type="secondary">{t('forms.reportersHelp')}</Typography.Paragraph>
        <Flex gap={16} wrap>
          <Form.Item name={['reporters', 'grassroots_types']} label={t('forms.grassrootsTypes')} style={{ flex: '1 1 300px' }}>
            <Select
              mode="multiple"
              placeholder={t('forms.reportersPlaceholder')}
              options={GRASSROOTS_TYPES.map((type) => ({ value: type, label: t(`grassroots.${type}`) }))}
            />
          </Form.Item>
          <Form.Item name={['reporters', 'kinds']} label={t('forms.kinds')} style={{ flex: '1 1 300px' }}>
            <Select
              mode="multiple"
              placeholder={t('forms.reportersPlaceholder')}
              options={ORG_UNIT_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
            />
          </Form.Item>
        </Flex>

        <Heading>{t('forms.section.schedule')}</Heading>
        <Typography.Paragraph type="secondary">{t('forms.deadlineHelp')}</Typography.Paragraph>
        <Flex gap={16} wrap>
          {LEVELS.map((level) => (
            <Form.Item key={level} name={['deadline_working_days', level]} label={t(`forms.level.${level}`)} rules={[range(0, LIMITS.deadlineDays)]}>
              <InputNumber<number> min={0} max={LIMITS.deadlineDays} precision={0} addonAfter={t('forms.daysUnit')} style={{ width: 160 }} />
            </Form.Item>
          ))}
        </Flex>
        <Flex gap={16} wrap>
          {WINDOW_FIELDS.map(({ name, label, help }) => (
            <Form.Item key={name} name={name} label={t(label)} extra={t(help)} style={{ flex: '1 1 300px' }} rules={[range(0, LIMITS.windowDays)]}>
              <InputNumber<number> min={0} max={LIMITS.windowDays} precision={0} addonAfter={t('forms.daysUnit')} style={{ width: 160 }} />
            </Form.Item>
          ))}
        </Flex>
        <Form.Item
          name="remind_days_before"
          label={t('forms.remindLabel')}
          extra={t('forms.remindHelp')}
          rules={[{ required: true, message: t('forms.remindRequired') }, range(0, LIMITS.remindDays)]}
        >
          <InputNumber<number> min={0} max={LIMITS.remindDays} precision={0} addonAfter={t('forms.daysUnit')} style={{ width: 160 }} />
        </Form.Item>

        <Heading>{t('forms.section.rules')}</Heading>
        <Typography.Paragraph type="secondary">{t('forms.rulesHelp')}</Typography.Paragraph>
        <Form.List name="rules" rules={[listLimit(LIMITS.rules)]}>
          {(fields, { add, remove }, { errors }) => {
            const ruleOptions = numeric.map((line) => ({ value: line.indicator, label: `${line.indicator} — ${line.name}` }));
            const inForm = {
              validator: async (_: unknown, code: string | undefined) => {
                if (code && !numeric.some((line) => line.indicator === code)) throw new Error(t('forms.ruleIndicatorMissing'));
              },
            };
            return (
              <>
                {fields.map((field, index) => (
                  <fieldset key={field.key} style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '4px 12px 0', margin: '0 0 12px', minWidth: 0 }}>
                    <legend style={{ fontSize: 14, fontWeight: 600, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>
                      {t('forms.ruleN', { n: index + 1 })}
                    </legend>
                    <Form.Item
                      name={[field.name, 'left']}
                      label={t('forms.ruleLeft')}
                      rules={[{ required: true, message: t('forms.ruleIndicatorRequired') }, inForm]}
                    >
                      <RequiredSelect<string> showSearch optionFilterProp="label" options={ruleOptions} />
                    </Form.Item>
                    <Flex gap={8}>
                      <Form.Item
                        name={[field.name, 'op']}
                        label={t('forms.ruleOp')}
                        style={{ flex: '0 0 190px' }}
                        rules={[{ required: true, message: t('forms.ruleOpRequired') }]}
                      >
                        <RequiredSelect<CrossRuleOperator> options={CROSS_RULE_OPERATORS.map((op) => ({ value: op, label: t(OPERATOR_KEYS[op]) }))} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'right']}
                        label={t('forms.ruleRight')}
                        style={{ flex: 1, minWidth: 0 }}
                        rules={[{ required: true, message: t('forms.ruleIndicatorRequired') }, inForm]}
                      >
                        <RequiredSelect<string> showSearch optionFilterProp="label" options={ruleOptions} />
                      </Form.Item>
                    </Flex>
                    <Flex gap={8} align="start">
                      <Form.Item
                        name={[field.name, 'message']}
                        label={t('forms.ruleMessage')}
                        style={{ flex: 1 }}
                        rules={[
                          { required: true, whitespace: true, message: t('forms.ruleMessageRequired') },
                          { max: LIMITS.ruleMessage, message: t('field.tooLong', { max: LIMITS.ruleMessage }) },
                        ]}
                      >
                        <Input maxLength={LIMITS.ruleMessage} placeholder={t('forms.ruleMessagePlaceholder')} />
                      </Form.Item>
                      {!readOnly && (
                        <RemoveButton what={t('forms.ruleN', { n: index + 1 })} onClick={() => remove(field.name)} style={{ marginTop: 30 }} />
                      )}
                    </Flex>
                  </fieldset>
                ))}
                <Form.ErrorList errors={errors} />
                {!readOnly && numeric.length === 0 && <Typography.Paragraph type="secondary">{t('forms.rulesNeedNumbers')}</Typography.Paragraph>}
                {!readOnly && (
                  <Button
                    icon={<PlusOutlined aria-hidden />}
                    onClick={() => add({ left: undefined, op: '<=', right: undefined, message: '' })}
                    disabled={numeric.length === 0 || fields.length >= LIMITS.rules}
                  >
                    {t('forms.addRule')}
                  </Button>
                )}
              </>
            );
          }}
        </Form.List>
      </Form>
    </Drawer>
  );
}
