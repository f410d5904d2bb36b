import { App } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { registerStrings } from '../app/i18n';
import { errorStrings } from './error-strings';
import type { ImportRowProblem } from '../../contract/errors';
import { columnText, errorText, reasonText, reasonsOf, rowReasonText } from './error-text';

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

type RowReason = Pick<ImportRowProblem, 'reasonCode' | 'reasonFigures'>;

/** `useRowReason()`: an import row's reason and column in the user's language (from its reason code). */
export function useRowReason(): { reason: (r: RowReason) => string; column: (c: string) => string } {
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    const exists = (k: string) => i18n.exists(k);
    return { reason: (r: RowReason) => rowReasonText(r, t, exists), column: (c: string) => columnText(c, t, exists) };
  }, [t, i18n]);
}

/** The language the server writes files in for this user (`?lang=`): Chinese unless the UI is English. */
export function useFileLang(): 'zh' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('en') ? 'en' : 'zh';
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
