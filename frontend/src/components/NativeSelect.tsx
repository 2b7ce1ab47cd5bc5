interface Props<V extends string | number> {
  label: string;
  value: V | undefined;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  width?: number;
}

/** The browser's own select, for a card's small pickers on the first screen: light, and as accessible as it gets. */
export function NativeSelect<V extends string | number>({ label, value, options, onChange, width }: Props<V>) {
  return (
    <select
      className="native-select"
      aria-label={label}
      value={value ?? ''}
      style={{ width }}
      onChange={(event) => {
        const chosen = options.find((o) => String(o.value) === event.target.value);
        if (chosen) onChange(chosen.value);
      }}
    >
      {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
}
