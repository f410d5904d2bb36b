import { App } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import './ops-strings';

/**
 * What a testing server error says in the user's language: the code's message (testingErrors.*),
 * a validation error naming each field in words; never the server's English text. The rate limiter
 * in front of the public look-up answers without a code (HTTP_429), so that is mapped too.
 */
export function testingErrorText(e: unknown, t: TFunction, exists: (key: string) => boolean): string {
  if (!(e instanceof ApiError)) return t('testingErrors.unknown');
  if (e.code === 'VALIDATION_FAILED') {
    const parts = Object.keys(e.fields).map((field) =>
      exists(`testingErrors.fields.${field}`) ? t(`testingErrors.fields.${field}`) : t('testingErrors.field', { field }),
    );
    return parts.length ? parts.join('；') : t('testingErrors.VALIDATION_FAILED');
  }
  const key = `testingErrors.${e.code}`;
  if (exists(key)) return t(key, { ...e.details, minutes: Math.ceil(Number(e.details.retryAfterSeconds ?? 60) / 60) });
  return t('testingErrors.other', { status: e.status, code: e.code });
}

/** `useTestingError()(e)`: the error's text in the user's language, for an inline alert or a message. */
export function useTestingError(): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  return (e: unknown) => testingErrorText(e, t, (k) => i18n.exists(k));
}

/** `fail(e)` shows a testing server error as a message in the user's language. */
export function useTestingFail(): (e: unknown) => void {
  const text = useTestingError();
  const { message } = App.useApp();
  return (e: unknown) => void message.error(text(e));
}
