import type { AppContext } from '../../context';
import { DomainError } from '../../errors';
import { Scope } from '../access';
import { gridOf } from '../areas';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { CoverageService } from '../testing';
import { DocumentsRepository } from './documents.repository';
import { localDateTime } from './local-format';
import { resolvePdfFont, type PdfFont } from './pdf-font';
import type { PrintMeta } from './pdf-layout';
import { quarantineNoticePdf, releaseCertificatePdf, transferSheetPdf } from './quarantine-documents';
import { boxManifestPdf, missingListPdf, type MissingEntry, type MissingGroup } from './testing-documents';

export const documentKinds = ['transfer-sheet', 'box-manifest', 'quarantine-notice', 'release-certificate', 'missing-list'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export interface PrintedFile {
  kind: DocumentKind;
  filename: string;
  pdf: Buffer;
}

/** A missing list prints at most this many people; a longer one is printed community by community. */
export const MISSING_PRINT_MAX = 3000;
/** The audit entry names the people a document is about, up to this many (a count beyond). */
const AUDIT_PEOPLE_MAX = 50;

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60);

/**
 * Printed documents (打印): each read through the caller's scope like the screen that shows the
 * record, masked, rendered to PDF, and audited as `document.printed` naming what was printed and
 * for whom. Nothing on paper shows an ID number or phone in clear: that stays the audited reveal.
 */
export class DocumentsService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private get tz(): string {
    return this.ctx.config.timeZone;
  }

  private repo(actor: Actor): DocumentsRepository {
    return new DocumentsRepository(this.ctx.db, Scope.of(actor));
  }

  /** Resolved before any read, so a machine without the font fails before anything is audited. */
  private font(): PdfFont {
    return resolvePdfFont(this.ctx.config.pdfFont);
  }

  private meta(actor: Actor, title: string, number: string, subtitle?: string): PrintMeta {
    const now = this.ctx.clock.nowIso();
    return { title, subtitle, number, printedBy: actor.name, printedAt: localDateTime(now, this.tz), createdAt: new Date(now) };
  }

  private async printed(
    actor: Actor,
    kind: DocumentKind,
    target: { type: string; id: string; areaCode?: string },
    personIds: readonly string[],
    pdf: Buffer,
    filename: string,
  ): Promise<PrintedFile> {
    await this.audit.recordEvent({
      actor,
      action: 'document.printed',
      targetType: target.type,
      targetId: target.id,
      areaCode: target.areaCode,
      details: {
        document: kind,
        people: personIds.length,
        ...(personIds.length <= AUDIT_PEOPLE_MAX ? { personIds: [...personIds] } : {}),
        bytes: pdf.length,
      },
    });
    return { kind, filename, pdf };
  }

  /** 转运单 of one vehicle run: the stops the caller may see, in pickup order. */
  async transferSheet(actor: Actor, runId: string): Promise<PrintedFile> {
    const font = this.font();
    const stops = await this.repo(actor).runStops(runId);
    const plate = stops[0]?.plate ?? '';
    const pdf = await transferSheetPdf(font, this.meta(actor, '人员转运单', `转运 ${runId}`, plate ? `车辆 ${plate}` : undefined), stops, this.tz);
    return this.printed(
      actor,
      'transfer-sheet',
      { type: 'transfer_run', id: runId, areaCode: stops[0]?.area_code },
      stops.map((s) => s.person_id),
      pdf,
      `transfer-sheet-${fileSafe(runId)}.pdf`,
    );
  }

  /** 转运箱清单 of one box (the site that sealed it, or the lab it was sent to). */
  async boxManifest(actor: Actor, code: string): Promise<PrintedFile> {
    const font = this.font();
    const data = await this.repo(actor).box(code);
    const pdf = await boxManifestPdf(font, this.meta(actor, '标本转运箱清单', `箱号 ${code}`, data.box.round_name), data, this.tz);
    return this.printed(actor, 'box-manifest', { type: 'box', id: code }, [], pdf, `box-${fileSafe(code)}.pdf`);
  }

  /** 隔离告知书 for a placement (live or ended: a notice may be reprinted). */
  async quarantineNotice(actor: Actor, placementId: string): Promise<PrintedFile> {
    const font = this.font();
    const p = await this.repo(actor).placement(placementId);
    const pdf = await quarantineNoticePdf(font, this.meta(actor, '隔离医学观察告知书', `隔离 ${p.id}`), p, this.tz);
    return this.printed(
      actor,
      'quarantine-notice',
      { type: 'placement', id: p.id, areaCode: p.area_code },
      [p.person_id],
      pdf,
      `quarantine-notice-${fileSafe(p.id)}.pdf`,
    );
  }

  /** 解除隔离证明: only for a placement released (by rule or early); a move to another site is no release. */
  async releaseCertificate(actor: Actor, placementId: string): Promise<PrintedFile> {
    const font = this.font();
    const p = await this.repo(actor).placement(placementId);
    if (p.status !== 'released' || p.ended_reason === 'transferred')
      throw new DomainError('NOT_RELEASED', 'A release certificate is issued only for a released placement', {
        field: 'id',
        status: p.status,
        endedReason: p.ended_reason,
      });
    const pdf = await releaseCertificatePdf(font, this.meta(actor, '解除隔离医学观察证明', `隔离 ${p.id}`), p, this.tz);
    return this.printed(
      actor,
      'release-certificate',
      { type: 'placement', id: p.id, areaCode: p.area_code },
      [p.person_id],
      pdf,
      `release-certificate-${fileSafe(p.id)}.pdf`,
    );
  }

  /** 未采名单 of a round for an area (within the caller's scope), grid by grid with each grid's worker. */
  async missingList(actor: Actor, roundId: string, area: string): Promise<PrintedFile> {
    const font = this.font();
    const coverage = new CoverageService(this.ctx);
    const people: Array<MissingEntry & { id: string }> = [];
    let cursor: { k: string; id: string } | null = null;
    let more = false;
    do {
      const page = await coverage.missing(actor, roundId, area, cursor, Math.min(1000, MISSING_PRINT_MAX - people.length));
      people.push(...page.items);
      cursor = page.nextCursor ? (JSON.parse(Buffer.from(page.nextCursor, 'base64url').toString()) as { k: string; id: string }) : null;
      more = cursor !== null && people.length >= MISSING_PRINT_MAX;
    } while (cursor && !more);
    const groups = await this.groupByGrid(actor, people);
    const repo = this.repo(actor);
    const names = await repo.areaNames([area]);
    const roundName = (await repo.roundName(roundId)) ?? roundId;
    const title = `${names.get(area) ?? area} 应检未检名单`;
    const pdf = await missingListPdf(
      font,
      this.meta(actor, title, `轮次 ${roundId}`, `${roundName}\u3000区域 ${area}\u3000共 ${people.length}${more ? '+' : ''} 人`),
      groups,
      more,
    );
    return this.printed(
      actor,
      'missing-list',
      { type: 'round', id: roundId, areaCode: area },
      people.map((p) => p.id),
      pdf,
      `missing-${fileSafe(area)}.pdf`,
    );
  }

  private async groupByGrid(actor: Actor, people: ReadonlyArray<MissingEntry>): Promise<MissingGroup[]> {
    const byCode = new Map<string, MissingEntry[]>();
    for (const p of people) {
      const code = gridOf(p.area_code) ?? p.area_code;
      const list = byCode.get(code);
      if (list) list.push(p);
      else byCode.set(code, [p]);
    }
    const codes = [...byCode.keys()].sort();
    const repo = this.repo(actor);
    const [names, owners] = await Promise.all([repo.areaNames(codes), repo.gridWorkers(codes)]);
    return codes.map((code) => ({ code, name: names.get(code) ?? code, owner: owners.get(code) ?? null, people: byCode.get(code) ?? [] }));
  }
}
