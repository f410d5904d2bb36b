import { App } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';

/**
 * What a server error says in the user's language: the error code's message (quarantine.errors.*),
 * with a validation error naming each field in words; never the server's English text.
 */
export function errorText(e: unknown, t: TFunction, exists: (key: string) => boolean): string {
  if (!(e instanceof ApiError)) return t('quarantine.errors.unknown');
  if (e.code === 'VALIDATION_FAILED') {
    const parts = Object.keys(e.fields).map((field) =>
      exists(`quarantine.errors.fields.${field}`) ? t(`quarantine.errors.fields.${field}`) : t('quarantine.errors.field', { field }),
    );
    return parts.length ? parts.join('；') : t('quarantine.errors.VALIDATION_FAILED');
  }
  const key = `quarantine.errors.${e.code}`;
  if (exists(key)) return t(key, { ...e.details });
  return t('quarantine.errors.other', { status: e.status, code: e.code });
}

/** `fail(e)` shows a server error as a message in the user's language. */
export function useFail(): (e: unknown) => void {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  return (e: unknown) => void message.error(errorText(e, t, (k) => i18n.exists(k)));
}
