import type { ReactNode } from 'react';
import { SimpleGrid } from '@mantine/core';
import { LabelledValue } from './labelled-value.js';

/** A detail page's fields as [label, value] pairs, one to three columns as the window allows. */
export function FieldGrid({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing={6}>
      {rows.map(([label, value]) => (
        <LabelledValue key={label} label={label} value={value} />
      ))}
    </SimpleGrid>
  );
}
