import { Pagination, type MantineStyleProps } from '@mantine/core';

export interface ListPaginationProps extends MantineStyleProps {
  /** How many items orchd has in all. */
  readonly total: number;
  readonly pageSize: number;
  readonly page: number;
  readonly onPage: (page: number) => void;
}

/** Page buttons of a list orchd pages; nothing while one page holds everything. */
export function ListPagination({ total, pageSize, page, onPage, ...style }: ListPaginationProps) {
  if (total <= pageSize) return null;
  return (
    <Pagination
      {...style}
      total={Math.ceil(total / pageSize)}
      value={page}
      onChange={onPage}
      getControlProps={(control) => ({ 'aria-label': `${control} page` })}
    />
  );
}
