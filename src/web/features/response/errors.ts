import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';

/** `fail(e)` shows a server error in the user's language; a validation error lists its fields with the server's reason. */
export function useFail(): (e: unknown) => void {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  return (e: unknown) => {
    if (!(e instanceof ApiError)) return void message.error(t('response.errors.unknown'));
    if (e.code === 'VALIDATION_FAILED') {
      const parts = Object.entries(e.fields).map(([f, r]) => `${f}: ${String(r)}`);
      return void message.error(parts.length ? parts.join('；') : t('response.errors.VALIDATION_FAILED'));
    }
    const key = `response.errors.${e.code}`;
    message.error(i18n.exists(key) ? t(key) : t('response.errors.other', { status: e.status, code: e.code }));
  };
}
