import { Select } from '@mantine/core';

/** The choice that sets no filter. */
const ANY = 'any';

export interface QuickFilterProps<V extends string> {
  readonly label: string;
  /** The values to pick besides "any", each with its words when they differ from the value. */
  readonly options: readonly (V | { readonly value: V; readonly label: string })[];
  /** The picked value; undefined is "any". */
  readonly value: V | undefined;
  readonly onChange: (value: V | undefined) => void;
  readonly w: number;
}

/** A select beside a list's AIP-160 filter that narrows it to one value of a field, or "any". */
export function QuickFilter<V extends string>({ label, options, value, onChange, w }: QuickFilterProps<V>) {
  const data = [
    { value: ANY, label: ANY },
    ...options.map((option) => (typeof option === 'string' ? { value: option, label: option } : option)),
  ];
  return (
    <Select
      label={label}
      data={data}
      value={value ?? ANY}
      onChange={(next) => onChange(next && next !== ANY ? (next as V) : undefined)}
      allowDeselect={false}
      w={w}
    />
  );
}
