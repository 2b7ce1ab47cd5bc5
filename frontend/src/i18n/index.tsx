/**
 * A small dictionary-based i18n: Vietnamese by default, English a switch away, the choice kept in
 * localStorage. Messages take `{name}` placeholders.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../lib/format';
import { en } from './en';
import { vi, type MessageKey } from './vi';

export type { MessageKey };
export type Params = Record<string, string | number>;
/**
 * Says a key in one language. The provider's `t` also names that language, so a helper given only
 * `t` (problemText) can choose between the server's English and a translation; a hand-made `t`
 * (tests) may leave it out.
 */
export interface Translate {
  (key: MessageKey, params?: Params): string;
  readonly locale?: Locale;
}

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { vi, en };
export const LOCALE_KEY = 'qcdc.locale';

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = DICTIONARIES[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole);
}

/** The `t` of one language, carrying that language. */
export function translator(locale: Locale): Translate {
  return Object.assign((key: MessageKey, params?: Params) => translate(locale, key, params), { locale });
}

/** Keys built at run time (a role, a kind from the API) that may not be in the dictionary. */
export function hasMessage(key: string): key is MessageKey {
  return key in vi;
}

export function readStoredLocale(): Locale {
  try {
    return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? readStoredLocale());

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the switch still works for this visit.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(() => ({
    locale,
    setLocale,
    t: translator(locale),
  }), [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n must be used inside <I18nProvider>');
  return context;
}

export function useT(): Translate {
  return useI18n().t;
}
