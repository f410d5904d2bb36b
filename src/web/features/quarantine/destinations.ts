import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { qApi, type Destination } from './api';

/** The places the signed-in user may send people to (their own sites, the city's treatment places). */
export function useDestinations(enabled = true): Destination[] {
  const [items, setItems] = useState<Destination[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    qApi
      .destinations()
      .then((r) => live && setItems(r.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [enabled]);
  return items;
}

/**
 * Select options grouped as the sender thinks of them: the sites they run, then the city's
 * treatment places (定点医院, 方舱), each with its room and the arrivals already on the way.
 */
export function destinationOptions(items: readonly Destination[], t: TFunction, except?: string) {
  const option = (d: Destination) => ({
    value: d.id,
    label: t('quarantine.handoff.destination', { name: d.name, free: d.roomsFree, incoming: d.incoming }),
  });
  const usable = items.filter((d) => d.id !== except);
  const own = usable.filter((d) => d.own).map(option);
  const city = usable.filter((d) => !d.own).map(option);
  return [
    ...(own.length ? [{ label: t('quarantine.handoff.ownSites'), options: own }] : []),
    ...(city.length ? [{ label: t('quarantine.handoff.cityPlace'), options: city }] : []),
  ];
}
