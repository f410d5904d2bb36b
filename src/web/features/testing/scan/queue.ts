import type { IngestResultWire, WalkInBody } from '../../../../contract/sampling';
import type { PersonScan } from './classify';

/**
 * The scan page's upload queue, kept in localStorage. Why localStorage rather than IndexedDB:
 * it is written synchronously, so a scan is on disk before its beep and a reload a moment later
 * cannot lose it (the old in-memory queue lost two); a scan is ~200 bytes, so a site's whole day
 * (a few thousand) is far inside the 5 MB quota; and sent items are pruned. Raw ID numbers and
 * codes stay only until their item is uploaded, then only the mask is kept.
 */
export type ItemState = 'queued' | 'sent' | 'warn' | 'error';
interface Base {
  clientId: string;
  state: ItemState;
  message?: string;
  /** The server's row code (`not_registered`: offer walk-in registration). */
  code?: string;
  at: string;
}
export interface SampleItem extends Base {
  kind: 'sample';
  roundId: string;
  siteCode: string;
  tube: string;
  person: PersonScan | null;
  masked: string;
}
export interface SealItem extends Base {
  kind: 'seal';
  tube: string;
}
export interface WalkInItem extends Base {
  kind: 'walkIn';
  body: WalkInBody | null;
  tube: string;
  masked: string;
  residentCode?: string | null;
}
export type QueueItem = SampleItem | SealItem | WalkInItem;

const KEY = 'epigrid.sampling.queue.v1';
const KEEP_SENT = 100;

export function loadQueue(): QueueItem[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as QueueItem[];
  } catch {
    return [];
  }
}

/** Save synchronously; uploaded items lose their raw identifiers; only the newest sent ones are kept. */
export function saveQueue(items: QueueItem[]): QueueItem[] {
  const pending = items.filter((i) => i.state === 'queued');
  const done = items
    .filter((i) => i.state !== 'queued')
    .slice(-KEEP_SENT)
    .map((i) => (i.kind === 'sample' ? { ...i, person: i.code === 'not_registered' ? i.person : null } : i.kind === 'walkIn' ? { ...i, body: null } : i));
  const kept = [...done, ...pending].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  localStorage.setItem(KEY, JSON.stringify(kept));
  return kept;
}

export const newClientId = (): string =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/** The next thing to send, in scan order: a run of up to 500 samples, or one seal, or one walk-in. */
export function nextUpload(items: readonly QueueItem[]): QueueItem[] {
  const queued = items.filter((i) => i.state === 'queued');
  const first = queued[0];
  if (!first) return [];
  if (first.kind !== 'sample') return [first];
  const run: QueueItem[] = [];
  for (const i of queued) {
    if (i.kind !== 'sample' || run.length >= 500) break;
    run.push(i);
  }
  return run;
}

/** Mark a sent run of samples from the server's answer (rows are 1-based in batch order). */
export function applyIngest(items: QueueItem[], sent: readonly QueueItem[], r: IngestResultWire): QueueItem[] {
  const rejected = new Map(r.rejected.map((x) => [x.row - 1, x]));
  const warned = new Map(r.warnings.map((x) => [x.row - 1, x]));
  const byId = new Map<string, Partial<QueueItem>>();
  sent.forEach((s, i) => {
    const bad = rejected.get(i);
    const warn = warned.get(i);
    byId.set(
      s.clientId,
      bad ? { state: 'error', message: bad.column, code: bad.code } : warn ? { state: 'warn', message: warn.code, code: warn.code } : { state: 'sent' },
    );
  });
  return items.map((i) => (byId.has(i.clientId) ? ({ ...i, ...byId.get(i.clientId) } as QueueItem) : i));
}
