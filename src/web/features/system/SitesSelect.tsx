import { Select, Tag } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client';
import './strings';

export type { SiteKind, SiteRef } from '../../../contract/access';
import type { SiteKind, SiteRef } from '../../../contract/access';

const KINDS: SiteKind[] = ['facility', 'sampling_site', 'lab', 'sentinel'];
type SiteNames = Record<SiteKind, Array<{ code: string; name: string }>>;

let cache: Promise<SiteNames> | null = null;

/**
 * The sites an administrator can post someone to, from the lists they may read (quarantine sites
 * by id, sampling sites and labs by code). A list the caller cannot read stays empty; the server
 * decides in any case what may be granted.
 */
function loadSites(): Promise<SiteNames> {
  const list = <T,>(path: string, pick: (x: T) => { code: string; name: string }) =>
    get<{ items: T[] }>(path)
      .then((r) => r.items.map(pick))
      .catch(() => []);
  cache ??= Promise.all([
    list<{ id: string; name: string }>('/quarantine/facilities', (f) => ({ code: f.id, name: f.name })),
    list<{ code: string; name: string }>('/testing/sites', (s) => ({ code: s.code, name: s.name })),
    list<{ code: string; name: string }>('/testing/labs', (l) => ({ code: l.code, name: l.name })),
    list<{ code: string; name: string }>('/surveillance/sentinels', (s) => ({ code: s.code, name: s.name })),
  ]).then(([facility, sampling_site, lab, sentinel]) => ({ facility, sampling_site, lab, sentinel }));
  return cache;
}

function useSiteNames(): SiteNames | null {
  const [names, setNames] = useState<SiteNames | null>(null);
  useEffect(() => {
    let live = true;
    void loadSites().then((n) => live && setNames(n));
    return () => {
      live = false;
    };
  }, []);
  return names;
}

const keyOf = (s: SiteRef) => `${s.kind}:${s.code}`;
function refOf(key: string): SiteRef {
  const i = key.indexOf(':');
  return { kind: key.slice(0, i) as SiteKind, code: key.slice(i + 1) };
}

/** Pick work-site postings; the form value is a list of {kind, code}. */
export function SitesSelect({ id, value, onChange, style }: { id?: string; value?: SiteRef[]; onChange?: (v: SiteRef[]) => void; style?: CSSProperties }) {
  const { t } = useTranslation();
  const names = useSiteNames();
  const options = KINDS.map((kind) => ({
    label: t(`users.siteKinds.${kind}`),
    options: (names?.[kind] ?? []).map((s) => ({ value: `${kind}:${s.code}`, label: `${s.name} (${t(`users.siteKinds.${kind}`)})` })),
  }));
  return (
    <Select
      id={id}
      mode="multiple"
      allowClear
      showSearch
      optionFilterProp="label"
      loading={!names}
      style={style}
      placeholder={t('users.sites')}
      value={(value ?? []).map(keyOf)}
      onChange={(keys: string[]) => onChange?.(keys.map(refOf))}
      options={options}
      maxCount={50}
    />
  );
}

/** Show postings as tags, by name where the caller can see the site. */
export function SiteTags({ sites }: { sites: SiteRef[] }) {
  const { t } = useTranslation();
  const names = useSiteNames();
  if (!sites.length) return <>{t('users.noSites')}</>;
  return (
    <>
      {sites.map((s) => (
        <Tag key={keyOf(s)} color="blue">
          {t(`users.siteKinds.${s.kind}`)}: {names?.[s.kind].find((n) => n.code === s.code)?.name ?? s.code}
        </Tag>
      ))}
    </>
  );
}
