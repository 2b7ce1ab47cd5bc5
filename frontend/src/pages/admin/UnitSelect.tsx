import { Select } from 'antd';
import { useState } from 'react';
import { useUnitSearch } from '../../api/queries';
import { useDebounced } from '../../components/useDebounced';
import { useT } from '../../i18n';

export interface UnitOption {
  id: number;
  name: string;
}

interface Props {
  id?: string;
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** The unit already chosen, so its name shows before any search. */
  initial?: UnitOption | null;
  'aria-invalid'?: boolean;
}

/** Picks one unit by typing part of its name; the server does the matching, with or without diacritics. */
export function UnitSelect({ id, value, onChange, initial, ...rest }: Props) {
  const t = useT();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const search = useUnitSearch(q, 1, 20);
  const found = search.data?.items.map((unit) => ({ value: unit.id, label: unit.name })) ?? [];
  const options = initial && !found.some((o) => o.value === initial.id)
    ? [{ value: initial.id, label: initial.name }, ...found]
    : found;

  return (
    <Select<number | null>
      id={id}
      aria-invalid={rest['aria-invalid']}
      showSearch
      allowClear
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      onSearch={setText}
      filterOption={false}
      placeholder={t('users.unitPlaceholder')}
      loading={search.isFetching}
      options={options}
      notFoundContent={null}
    />
  );
}
