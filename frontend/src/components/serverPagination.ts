import type { TablePaginationConfig } from 'antd';
import type { Translate } from '../i18n';
import { formatNumber, type Locale } from '../lib/format';

interface Paging {
  page: number;
  limit: number;
}

/** The pagination of a table whose pages come from the server (`page`, `limit` → `total`). */
export function serverPagination(
  paging: Paging,
  total: number | undefined,
  onChange: (paging: Paging) => void,
  t: Translate,
  locale: Locale,
): TablePaginationConfig {
  return {
    current: paging.page,
    pageSize: paging.limit,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    onChange: (page, limit) => onChange({ page, limit }),
    showTotal: (count) => t('common.total', { total: formatNumber(count, locale) }),
  };
}
