import { Select } from 'antd';
import { useI18n } from '../../i18n';
import { formatPeriod } from '../../lib/format';

/** A reporting period, labelled as reports write it ("Quý I/2024"); `searchable` to type "2021". */
export function PeriodSelect({ id, periods, value, onChange, searchable = false }: {
  id: string;
  periods: string[];
  value: string | undefined;
  onChange: (period: string) => void;
  searchable?: boolean;
}) {
  const { locale } = useI18n();
  return (
    <Select<string>
      id={id}
      showSearch={searchable}
      optionFilterProp="label"
      style={{ width: 220 }}
      value={value}
      onChange={onChange}
      options={periods.map((period) => ({ value: period, label: formatPeriod(period, locale) }))}
    />
  );
}
