import { Segmented } from 'antd';
import { useI18n } from '../i18n';
import type { Locale } from '../lib/format';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      aria-label={t('lang.label')}
      size="small"
      value={locale}
      onChange={setLocale}
      options={[
        { value: 'vi', label: <span title={t('lang.vi')} lang="vi">VI</span> },
        { value: 'en', label: <span title={t('lang.en')} lang="en">EN</span> },
      ]}
    />
  );
}
