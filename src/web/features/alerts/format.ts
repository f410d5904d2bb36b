import { useTranslation } from 'react-i18next';
import type { AlertStatus, Grade } from '../../../contract/alerts';

export const gradeColor: Record<Grade, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };
export const statusColor: Record<AlertStatus, string> = { new: 'red', verifying: 'gold', discarded: 'gray', monitoring: 'blue', escalated: 'volcano' };

/** Instants in the browser's locale, 24-hour clock. */
export function useFmt(): (iso: string) => string {
  const { i18n } = useTranslation();
  return (iso: string) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}
