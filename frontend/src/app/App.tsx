import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { useEffect } from 'react';
import { RouterProvider } from 'react-router';
import { api } from '../api';
import { I18nProvider, useI18n } from '../i18n';
import { queryClient } from './queryClient';
import { router } from './routes';

const THEME = {
  token: {
    colorPrimary: '#b71c1c',
    borderRadius: 6,
    fontFamily: "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
    // AntD's secondary greys read at about 3:1 on the page's grey; WCAG AA asks 4.5:1 of text.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    // Links and errors one step darker than AntD's for the same reason.
    colorLink: '#0958d9',
    colorError: '#cf1322',
  },
};

function LocalizedApp() {
  const { locale } = useI18n();
  useEffect(() => {
    dayjs.locale(locale);
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'vi' ? viVN : enUS} theme={THEME}>
      <RouterProvider router={router} />
    </ConfigProvider>
  );
}

export function App() {
  useEffect(() => {
    const stop = api.keepAlive();
    // Whatever was cached belonged to the user who just left.
    const unsubscribe = api.session.subscribe(() => {
      if (!api.session.get()) queryClient.clear();
    });
    return () => {
      stop();
      unsubscribe();
    };
  }, []);

  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <LocalizedApp />
      </I18nProvider>
    </QueryClientProvider>
  );
}
