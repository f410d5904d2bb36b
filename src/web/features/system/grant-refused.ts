import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import './strings';

/** A user or token grant beyond the administrator's own, in words naming what was refused (details.field), or null. */
export function grantRefused(e: unknown, t: TFunction): string | null {
  if (!(e instanceof ApiError) || e.code !== 'FORBIDDEN' || typeof e.details.field !== 'string') return null;
  const items = Array.isArray(e.details.items) ? e.details.items.join(', ') : '';
  return ['role', 'scope', 'sites', 'id'].includes(e.details.field) ? t(`grantRefused.${e.details.field}`, { ...e.details, items }) : null;
}
