import { Select } from 'antd';
import type { ReportingForm } from '../../api/types';
import { useI18n } from '../../i18n';

/** A reporting form, by its name in the interface's language. */
export function FormSelect({ id, forms, value, onChange }: {
  id: string;
  forms: Pick<ReportingForm, 'id' | 'name' | 'name_en'>[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  const { locale } = useI18n();
  return (
    <Select<number>
      id={id}
      style={{ width: 420, maxWidth: '70vw' }}
      value={value}
      onChange={onChange}
      options={forms.map((form) => ({ value: form.id, label: locale === 'en' && form.name_en ? form.name_en : form.name }))}
    />
  );
}
