import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { registerStrings } from '../app/i18n';
import { errorStrings } from './error-strings';
import { errorText, reasonText, reasonsOf } from './error-text';

export { errorText } from './error-text';

// Registered once, for every page: see error-text.ts for how an error becomes words.
registerStrings(...errorStrings);

/** `useErrorText(own?)(e)`: the error's text in the user's language, for an inline alert. */
export function useErrorText(own?: string): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  // Stable across renders (same language), so callbacks and effects may depend on it.
  return useCallback((e: unknown) => errorText(e, t, (k) => i18n.exists(k), own), [t, i18n, own]);
}

/** `useFail(own?)(e)` shows an error as a message in the user's language. */
export function useFail(own?: string): (e: unknown) => void {
  const text = useErrorText(own);
  const { message } = App.useApp();
  return useCallback((e: unknown) => void message.error(text(e)), [message, text]);
}

/** A validation error as antd form field errors (the form shows the label; this gives the reason in words). */
export function useFieldErrors(): (e: unknown) => Array<{ name: string; errors: string[] }> {
  const { t, i18n } = useTranslation();
  return (e: unknown) => {
    if (!(e instanceof ApiError)) return [];
    const reasons = reasonsOf(e);
    return Object.keys(e.fields).map((name) => ({ name, errors: [reasonText(reasons[name], t, (k) => i18n.exists(k))] }));
  };
}
