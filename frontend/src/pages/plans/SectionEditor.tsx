import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useEditSections, type SectionEdit } from '../../api/planQueries';
import { ApiProblem } from '../../api/problem';
import type { Section, SectionKind, SectionMove } from '../../api/types';
import { formProblem } from '../../components/formProblem';
import { problemText } from '../../components/problemText';
import { useT } from '../../i18n';
import { moveOf, nextLabel, parentOf, siblingsOf } from '../../lib/plans';

const KINDS: readonly SectionKind[] = ['heading', 'objective', 'target', 'task', 'note'];
/** As the API accepts labels: IV. 3. đ) - + */
const LABEL = /^(?:[IVXL]{1,6}\.|\d{1,3}\.|[a-zđ]\)|[-+])$/;

/** What the planner asked to do; `move` and `delete` reach the form only to give an amendment's reason. */
export type SectionIntent =
  | { kind: 'add'; parent: Section | null; after: Section | null }
  | { kind: 'edit'; section: Section }
  | { kind: 'move'; section: Section; place: { sectionId: number; body: SectionMove } }
  | { kind: 'delete'; section: Section };

interface Values {
  label?: string;
  title?: string;
  text?: string;
  kind?: SectionKind;
  reason?: string;
}

const FIELDS = ['label', 'title', 'text', 'kind'] as const;

function editOf(intent: SectionIntent, sections: readonly Section[], values: Values, reason: string | null): SectionEdit | null {
  const why = reason ? { amendment_reason: reason } : {};
  switch (intent.kind) {
    case 'add':
      return {
        action: 'add',
        body: {
          parent_id: intent.parent?.id ?? null,
          after_id: intent.after?.id ?? siblingsOf(sections, intent.parent?.number ?? null).at(-1)?.id ?? null,
          label: (values.label ?? '').trim(),
          title: (values.title ?? '').trim(),
          text: (values.text ?? '').trim(),
          kind: values.kind ?? 'task',
          ...why,
        },
      };
    case 'edit': {
      const title = (values.title ?? '').trim();
      const body = {
        title,
        text: (values.text ?? '').trim() || title,
        kind: values.kind ?? intent.section.kind,
      };
      const changed = Object.fromEntries(Object.entries(body).filter(([key, value]) => intent.section[key as keyof typeof body] !== value));
      if (Object.keys(changed).length === 0) return null;
      return { action: 'update', sectionId: intent.section.id ?? 0, body: { ...changed, ...why } };
    }
    case 'move':
      return { action: 'move', sectionId: intent.place.sectionId, body: { ...intent.place.body, ...why } };
    case 'delete':
      return { action: 'delete', sectionId: intent.section.id ?? 0, reason };
  }
}

interface FormProps {
  planId: number;
  /** An issued plan changes only through amendments, each with its reason. */
  issued: boolean;
  sections: readonly Section[];
  intent: SectionIntent | null;
  onClose: () => void;
  /** `focus`: the section to show next (the new one, the changed one; null after a delete). */
  onDone: (message: string, focus: string | null) => void;
}

/** Adding or changing a section, or giving the reason for amending an issued plan's tree. */
export function SectionForm({ planId, issued, sections, intent, onClose, onDone }: FormProps) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const edit = useEditSections(planId);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!intent) return;
    setFormError(null);
    form.resetFields();
    if (intent.kind === 'add') {
      const siblings = siblingsOf(sections, intent.parent?.number ?? null);
      form.setFieldsValue({ label: nextLabel(intent.parent, siblings), kind: intent.parent ? 'task' : 'heading' });
    } else if (intent.kind === 'edit') {
      form.setFieldsValue({ title: intent.section.title, text: intent.section.text, kind: intent.section.kind });
    }
  }, [intent, sections, form]);

  if (!intent) return null;
  const number = intent.kind === 'add' ? null : intent.section.number;
  const title = {
    add: t('sections.addTitle'),
    edit: t('sections.editTitle', { number: number ?? '' }),
    move: t('sections.moveTitle', { number: number ?? '' }),
    delete: t('sections.deleteTitle', { number: number ?? '' }),
  }[intent.kind];
  const writes = intent.kind === 'add' || intent.kind === 'edit';

  const submit = async (values: Values) => {
    setFormError(null);
    const change = editOf(intent, sections, values, issued ? (values.reason ?? '').trim() : null);
    if (change === null) {
      setFormError(t('plan.nothingChanged'));
      return;
    }
    try {
      const tree = await edit.mutateAsync(change);
      // The new section's number is the one the tree did not have before.
      const focus = intent.kind === 'add' ? tree.find((s) => !sections.some((old) => old.number === s.number))?.number ?? null
        : intent.kind === 'delete' ? null : intent.section.number;
      onDone(t(`sections.done.${intent.kind}`, { number: focus ?? number ?? '' }), focus);
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'section_number_taken') {
        form.setFields([{ name: 'label', errors: [t('sections.labelTaken')] }]);
        return;
      }
      const shown = formProblem(error, FIELDS, t);
      form.setFields(shown.fields);
      setFormError(shown.message);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={intent.kind === 'delete' ? t('sections.delete') : t('common.save')}
      okButtonProps={{ danger: intent.kind === 'delete', loading: edit.isPending }}
      cancelText={t('common.cancel')}
      width={640}
      destroyOnHidden
    >
      {issued && <Alert type="info" showIcon message={t('sections.issuedHelp')} style={{ marginBottom: 16 }} />}
      {intent.kind === 'delete' && <Typography.Paragraph>{t('sections.deleteConfirm', { number: number ?? '' })}</Typography.Paragraph>}
      {formError && <Alert type="error" showIcon role="alert" message={formError} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={edit.isPending}>
        {intent.kind === 'add' && (
          <>
            <Typography.Paragraph type="secondary">
              {intent.parent ? t('sections.placeUnder', { number: intent.parent.number }) : t('sections.placeTop')}
            </Typography.Paragraph>
            <Form.Item
              name="label"
              label={t('sections.label')}
              extra={t('sections.labelHelp')}
              rules={[{ required: true, pattern: LABEL, message: t('sections.labelInvalid') }]}
            >
              <Input style={{ width: 120 }} autoComplete="off" />
            </Form.Item>
          </>
        )}
        {writes && (
          <>
            <Form.Item name="title" label={t('sections.title')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
            <Form.Item name="text" label={t('sections.text')} extra={t('sections.textHelp')}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
            </Form.Item>
            <Form.Item name="kind" label={t('plan.kind')} rules={[{ required: true, message: t('field.required') }]}>
              <Select style={{ width: 200 }} options={KINDS.map((kind) => ({ value: kind, label: t(`sectionKind.${kind}`) }))} />
            </Form.Item>
          </>
        )}
        {issued && (
          <Form.Item
            name="reason"
            label={t('plan.reason')}
            extra={t('plan.reasonHelp')}
            rules={[{ required: true, whitespace: true, min: 3, message: t('plan.reasonRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface ActionsProps {
  planId: number;
  issued: boolean;
  sections: readonly Section[];
  section: Section;
  onIntent: (intent: SectionIntent) => void;
  onDone: (message: string, focus: string | null) => void;
}

/**
 * What a planner does to the chosen section. A draft moves and deletes at once (the delete after a
 * confirmation); an issued plan asks each change's reason first.
 */
export function SectionActions({ planId, issued, sections, section, onIntent, onDone }: ActionsProps) {
  const t = useT();
  const { message } = App.useApp();
  const edit = useEditSections(planId);

  const apply = async (change: SectionEdit, done: string) => {
    try {
      await edit.mutateAsync(change);
      onDone(done, change.action === 'delete' ? null : section.number);
    } catch (error) {
      void message.error(problemText(error, t));
    }
  };

  const move = (step: -1 | 1) => {
    const place = moveOf(sections, section, step);
    if (!place) return;
    if (issued) onIntent({ kind: 'move', section, place });
    else void apply({ action: 'move', ...place }, t('sections.done.move', { number: section.number }));
  };

  const label = (key: Parameters<typeof t>[0]) => `${t(key)} ${section.number}`;
  return (
    <Space size={4} wrap>
      <Tooltip title={t('sections.edit')}>
        <Button size="small" icon={<EditOutlined aria-hidden />} aria-label={label('sections.edit')} onClick={() => onIntent({ kind: 'edit', section })} />
      </Tooltip>
      <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => onIntent({ kind: 'add', parent: section, after: null })}>
        {t('sections.addChild')}
      </Button>
      <Button size="small" onClick={() => onIntent({ kind: 'add', parent: parentOf(sections, section), after: section })}>
        {t('sections.addAfter')}
      </Button>
      <Tooltip title={t('sections.moveUp')}>
        <Button size="small" icon={<ArrowUpOutlined aria-hidden />} aria-label={label('sections.moveUp')} disabled={!moveOf(sections, section, -1)} loading={edit.isPending} onClick={() => move(-1)} />
      </Tooltip>
      <Tooltip title={t('sections.moveDown')}>
        <Button size="small" icon={<ArrowDownOutlined aria-hidden />} aria-label={label('sections.moveDown')} disabled={!moveOf(sections, section, 1)} loading={edit.isPending} onClick={() => move(1)} />
      </Tooltip>
      {issued ? (
        <Button size="small" danger icon={<DeleteOutlined aria-hidden />} aria-label={label('sections.delete')} onClick={() => onIntent({ kind: 'delete', section })} />
      ) : (
        <Popconfirm
          title={t('sections.deleteConfirm', { number: section.number })}
          okText={t('sections.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => apply({ action: 'delete', sectionId: section.id ?? 0, reason: null }, t('sections.done.delete', { number: section.number }))}
        >
          <Button size="small" danger icon={<DeleteOutlined aria-hidden />} aria-label={label('sections.delete')} />
        </Popconfirm>
      )}
    </Space>
  );
}
