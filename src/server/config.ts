import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy';

/** Every setting EpiGrid reads from the environment, with its default. The README table mirrors this. */
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave unset for the embedded SQLite)')
    .optional(),
  EPIGRID_DATA_DIR: z.string().min(1).default('./data'),
  EPIGRID_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  EPIGRID_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  EPIGRID_TZ: z.string().default('Asia/Shanghai').refine(isTimeZone, 'is not an IANA time zone such as Asia/Shanghai'),
  EPIGRID_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EPIGRID_DEMO_PEOPLE: z.coerce.number().int().min(0).default(50_000),
  EPIGRID_DEMO_SEED: z.coerce.number().int().default(20220506),
  EPIGRID_SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  EPIGRID_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  EPIGRID_LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  EPIGRID_BODY_LIMIT_MB: z.coerce.number().positive().default(10),
  // Past this many API requests at once the next is shed with 429 + Retry-After (issue 11, finding 6).
  EPIGRID_MAX_INFLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  // A request that waited longer than this behind others of its event-loop turn is shed (0: never).
  EPIGRID_SHED_AFTER_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  EPIGRID_UPLOAD_LIMIT_MB: z.coerce.number().positive().default(1024),
  EPIGRID_CORS_ORIGINS: z.string().default(''),
  EPIGRID_TRUST_PROXY: z
    .string()
    .default('false')
    .superRefine((v, c) => {
      const r = parseTrustProxy(v);
      if (!r.ok) c.addIssue({ code: z.ZodIssueCode.custom, message: r.message });
    }),
  EPIGRID_COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  EPIGRID_JOBS: z.enum(['on', 'off']).default('on'),
  EPIGRID_INSTANCE_ID: z.string().optional(),
  EPIGRID_TRACE_MARGIN_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  EPIGRID_TRACE_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(30).default(4),
  EPIGRID_CHECKIN_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(21),
  EPIGRID_AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  EPIGRID_AUDIT_CHECKPOINT_MINUTES: z.coerce.number().positive().max(1440).default(60),
  EPIGRID_SQLITE_SYNC: z.enum(['normal', 'full']).default('normal'),
  EPIGRID_REVEAL_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  // Where the response outbox posts notices for an SMS/IM gateway (modules/response/webhook.ts); unset: kept in the outbox.
  EPIGRID_NOTIFY_WEBHOOK_URL: z.string().url().optional(),
  // Minutes before each duty shift that its incoming person gets the hand-over notice (modules/response/roster-handover.ts).
  EPIGRID_ROSTER_HANDOVER_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  // A CJK font for printed documents (modules/documents/pdf-font.ts); `file.ttc#Face` picks a face of a collection.
  EPIGRID_PDF_FONT: z.string().min(1).optional(),
  // The city's base map, a PMTiles extract (docs/maps.md); unset: $EPIGRID_DATA_DIR/basemap.pmtiles. Absent: plain grids.
  EPIGRID_BASEMAP: z.string().min(1).optional(),
  // Glyph PBFs for map labels, one folder per font (docs/maps.md); unset: $EPIGRID_DATA_DIR/basemap-glyphs.
  EPIGRID_BASEMAP_GLYPHS: z.string().min(1).optional(),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKeyHex: string | undefined;
  adminPassword: string | undefined;
  timeZone: string;
  logLevel: string;
  demoPeople: number;
  demoSeed: number;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  bodyLimitBytes: number;
  /** API requests worked on at once; the next is shed with 429 (see http/admission.ts). */
  maxInFlight: number;
  /** Queueing budget of a request within one event-loop turn, ms (see http/turn-wait.ts). */
  shedAfterMs: number;
  uploadLimitBytes: number;
  corsOrigins: string[];
  /** Proxies allowed to set X-Forwarded-For: false, a hop count, or addresses/ranges (http/trust-proxy.ts). */
  trustProxy: TrustProxy;
  cookieSecure: 'true' | 'false' | 'auto';
  jobsEnabled: boolean;
  instanceId: string;
  /** Minutes added before and after a case's span when looking for close-contact candidates. */
  traceMarginMinutes: number;
  /** Days before onset (or sampling, for asymptomatic cases) that a case's look-back window starts. */
  traceLookbackDays: number;
  /** Days venue check-ins are kept before the purge job deletes them. */
  checkinRetentionDays: number;
  /** Signed audit-chain checkpoints, outside the database (modules/audit/audit-checkpoints.ts). */
  auditCheckpointFile: string;
  auditCheckpointMinutes: number;
  /** Clear views of ID numbers/phones one user may make in any 60 minutes; beyond it 429 and a security event. */
  revealLimitPerHour: number;
  /** SQLite `synchronous` (db/database.ts): 'full' makes every acknowledged commit survive a power cut. */
  sqliteSync: 'normal' | 'full';
  /** Gateway webhook for response notices (unset: notices wait in the outbox). */
  notifyWebhookUrl: string | undefined;
  /** Lead time of the duty roster's hand-over notice, minutes. */
  rosterHandoverMinutes: number;
  /** Font file for printed documents (unset: the system's WenQuanYi Zen Hei, see modules/documents/pdf-font.ts). */
  pdfFont: string | undefined;
  /** PMTiles file of the base map (may be absent: maps then show plain grids). */
  basemapFile: string;
  /** Folder of glyph PBFs, `<font>/<range>.pbf` (may be absent: labels then use local fonts). */
  basemapGlyphsDir: string;
}

export class ConfigError extends Error {}

/** Parse the environment once; on failure list every bad variable in one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.EPIGRID_DATA_DIR),
    secretKeyHex: e.EPIGRID_SECRET_KEY,
    adminPassword: e.EPIGRID_ADMIN_PASSWORD,
    timeZone: e.EPIGRID_TZ,
    logLevel: e.EPIGRID_LOG_LEVEL,
    demoPeople: e.EPIGRID_DEMO_PEOPLE,
    demoSeed: e.EPIGRID_DEMO_SEED,
    sessionTtlHours: e.EPIGRID_SESSION_TTL_HOURS,
    loginMaxFailures: e.EPIGRID_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.EPIGRID_LOGIN_LOCK_MINUTES,
    bodyLimitBytes: Math.round(e.EPIGRID_BODY_LIMIT_MB * 1024 * 1024),
    maxInFlight: e.EPIGRID_MAX_INFLIGHT,
    shedAfterMs: e.EPIGRID_SHED_AFTER_MS,
    uploadLimitBytes: Math.round(e.EPIGRID_UPLOAD_LIMIT_MB * 1024 * 1024),
    corsOrigins: e.EPIGRID_CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: (parseTrustProxy(e.EPIGRID_TRUST_PROXY) as { ok: true; value: TrustProxy }).value,
    cookieSecure: e.EPIGRID_COOKIE_SECURE,
    jobsEnabled: e.EPIGRID_JOBS === 'on',
    instanceId: e.EPIGRID_INSTANCE_ID ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    traceMarginMinutes: e.EPIGRID_TRACE_MARGIN_MINUTES,
    traceLookbackDays: e.EPIGRID_TRACE_LOOKBACK_DAYS,
    checkinRetentionDays: e.EPIGRID_CHECKIN_RETENTION_DAYS,
    auditCheckpointFile: path.resolve(e.EPIGRID_AUDIT_CHECKPOINT_FILE ?? path.join(e.EPIGRID_DATA_DIR, 'audit-checkpoints.jsonl')),
    auditCheckpointMinutes: e.EPIGRID_AUDIT_CHECKPOINT_MINUTES,
    revealLimitPerHour: e.EPIGRID_REVEAL_LIMIT_PER_HOUR,
    sqliteSync: e.EPIGRID_SQLITE_SYNC,
    notifyWebhookUrl: e.EPIGRID_NOTIFY_WEBHOOK_URL,
    rosterHandoverMinutes: e.EPIGRID_ROSTER_HANDOVER_MINUTES,
    pdfFont: e.EPIGRID_PDF_FONT,
    basemapFile: path.resolve(e.EPIGRID_BASEMAP ?? path.join(e.EPIGRID_DATA_DIR, 'basemap.pmtiles')),
    basemapGlyphsDir: path.resolve(e.EPIGRID_BASEMAP_GLYPHS ?? path.join(e.EPIGRID_DATA_DIR, 'basemap-glyphs')),
  };
}
