import type { FindingKind } from './report';

/** A leak the probe found that a module owner is fixing now (issue 10); reported, not failed. */
export interface PendingFix {
  /** `METHOD /path` without /api/v1, as the report names it. */
  route: string;
  /** The probe actor: role, `role/token` or `role@site`. */
  actor: string;
  kind: FindingKind;
  /** What leaks, in words. */
  leaks: string;
  /** Which finding of issue 10 it is. */
  finding: string;
  /** Only on this engine (when the other does not leak). */
  engine?: 'sqlite' | 'postgres';
}

/**
 * Leaks known when the probe landed, while the testing, tracing, quarantine, people/areas and
 * auth fixes are in flight. The probe reports each but does not fail on it — and FAILS when an
 * entry no longer leaks, so this list can only shrink. Issue 10 is done when it is empty.
 */
export const pendingFixes: PendingFix[] = [];
