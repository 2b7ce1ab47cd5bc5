import { Select } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useUnitSearch } from '../api/queries';
import { useT } from '../i18n';
import { useDebounced } from './useDebounced';

export interface UnitOption {
  id: number;
  name: string;
}

interface Props {
  id?: string;
  value?: number | null;
  onChange?: (value: number | null, unit: UnitOption | null) => void;
  /** The unit already chosen, so its name shows before any search. */
  initial?: UnitOption | null;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
}

/** Picks one unit by typing part of its name; the server does the matching, with or without diacritics. */
export function UnitSelect({ id, value, onChange, initial, placeholder, style, allowClear = true, ...rest }: Props) {
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
      aria-label={rest['aria-label']}
      aria-invalid={rest['aria-invalid']}
      showSearch
      allowClear={allowClear}
      value={value ?? null}
      onChange={(next) => {
        const option = options.find((o) => o.value === next);
        onChange?.(next ?? null, option ? { id: option.value, name: option.label } : null);
      }}
      onSearch={setText}
      filterOption={false}
      placeholder={placeholder ?? t('users.unitPlaceholder')}
      loading={search.isFetching}
      options={options}
      notFoundContent={null}
      style={style}
    />
  );
}
