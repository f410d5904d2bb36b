import fs from 'node:fs';
import type { PendingFix } from './pendingFixes';
import { API, familyOf } from './routes';

/**
 * - marker: a street-B id, name, ID number, phone, code or area in a 2xx answer
 * - count: a figure of the answer differs from the B-free baseline's
 * - exists: 2xx here, but not in the B-free baseline (the answer tells street-B data exists)
 * - write: a write answered 2xx and changed state
 * - state: a request changed state although it was refused (half-applied), or a read changed state
 */
export type FindingKind = 'marker' | 'count' | 'exists' | 'write' | 'state';

export interface Finding {
  family: string;
  route: string;
  actor: string;
  kind: FindingKind;
  status: number;
  what: string;
  variant: string;
}

const same = (f: Pick<Finding, 'route' | 'actor' | 'kind'>, p: Pick<PendingFix, 'route' | 'actor' | 'kind'>) =>
  f.route === p.route && f.actor === p.actor && f.kind === p.kind;

/** One finding per (route, actor, kind): variants and markers merged. */
export function merge(findings: readonly Finding[]): Finding[] {
  const out = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.route}|${f.actor}|${f.kind}`;
    const prev = out.get(key);
    if (!prev) out.set(key, { ...f });
    else {
      const whats = new Set([...prev.what.split('; '), ...f.what.split('; ')]);
      prev.what = [...whats].slice(0, 6).join('; ');
      if (!prev.variant.split(', ').includes(f.variant)) prev.variant = `${prev.variant}, ${f.variant}`;
    }
  }
  return [...out.values()];
}

export interface Verdict {
  failures: Finding[];
  pending: Finding[];
  /** Pending entries that no longer leak: the fix landed, remove the entry. */
  fixed: PendingFix[];
}

export function judge(
  findings: readonly Finding[],
  pending: readonly PendingFix[],
  engine: string,
  families: readonly string[],
  direction: 'reads' | 'writes',
): Verdict {
  const mine = pending.filter(
    (p) =>
      (!p.engine || p.engine === engine) &&
      p.route.startsWith('GET ') === (direction === 'reads') &&
      families.includes(familyOf(`${API}${p.route.slice(p.route.indexOf(' ') + 1)}`)),
  );
  const failures = findings.filter((f) => !mine.some((p) => same(f, p)));
  const pend = findings.filter((f) => mine.some((p) => same(f, p)));
  const fixed = mine.filter((p) => !findings.some((f) => same(f, p)));
  return { failures, pending: pend, fixed };
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A plain-text table: route, actor, kind, status, what leaked. */
export function table(findings: readonly Finding[]): string {
  const rows = findings.map((f) => [f.route, f.actor, f.kind, String(f.status), cut(f.what, 110), cut(f.variant, 40)]);
  const head = ['route', 'actor', 'kind', 'status', 'what leaked', 'variant'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

/** With EPIGRID_PROBE_REPORT=1: the findings of this engine as JSON, merged across the it-blocks. */
export function writeReport(engine: string, family: string, verdict: Verdict, extra: Record<string, unknown>): void {
  if (process.env.EPIGRID_PROBE_REPORT !== '1') return;
  const file = `/tmp/probe-report-${engine}.json`;
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    all = {};
  }
  if (all.runId !== process.ppid) all = { runId: process.ppid, engine, families: {} };
  (all.families as Record<string, unknown>)[family] = { ...verdict, ...extra };
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
