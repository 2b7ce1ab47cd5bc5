import { Select, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { Scope } from '../../api/types';
import { useT } from '../../i18n';
import { foldDiacritics, redundantScopes, scopeColor, scopeGroups, scopeLabel } from '../../lib/integrations';

interface Props {
  id?: string;
  value?: Scope[];
  onChange?: (value: Scope[]) => void;
  'aria-invalid'?: boolean;
}

/** The scopes of a token or a client, grouped by resource, said in words; warns of one another covers. */
export function ScopeSelect({ id, value = [], onChange, ...rest }: Props) {
  const t = useT();
  const groups = useMemo(() => scopeGroups(t), [t]);
  const redundant = redundantScopes(value);

  return (
    <>
      <Select<Scope[]>
        id={id}
        aria-invalid={rest['aria-invalid']}
        mode="multiple"
        value={value}
        onChange={onChange}
        options={groups}
        placeholder={t('scope.placeholder')}
        filterOption={(input, option) => {
          if (!option || !('value' in option) || typeof option.value !== 'string') return false;
          const text = foldDiacritics(`${scopeLabel(option.value as Scope, t)} ${option.value}`);
          return text.includes(foldDiacritics(input));
        }}
        tagRender={({ value: scope, label, closable, onClose, isMaxTag }) => (
          // The select also asks for its "+ N more" tag, which has no value of its own.
          isMaxTag || typeof scope !== 'string'
            ? <Tag style={{ marginInlineEnd: 4 }}>{label}</Tag>
            : (
              <Tag color={scopeColor(scope as Scope)} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
                {scopeLabel(scope as Scope, t)}
              </Tag>
            )
        )}
      />
      {redundant.map(({ scope, coveredBy }) => (
        <Typography.Text key={scope} type="warning" style={{ display: 'block', marginTop: 4 }}>
          {t('scope.redundant', { scope: scopeLabel(scope, t), coveredBy: scopeLabel(coveredBy, t) })}
        </Typography.Text>
      ))}
    </>
  );
}

/** The scopes of a token or client as coloured tags. */
export function ScopeTags({ scopes }: { scopes: readonly Scope[] }) {
  const t = useT();
  return (
    <>
      {scopes.map((scope) => (
        <Tag key={scope} color={scopeColor(scope)} bordered={false} title={scope} style={{ marginBottom: 2 }}>
          {scopeLabel(scope, t)}
        </Tag>
      ))}
    </>
  );
}
