import type { DocumentsRepository } from './documents.repository';
import { localDateTime } from './local-format';
import type { PdfFont } from './pdf-font';
import { PrintedDoc, type PrintMeta } from './pdf-layout';

type Box = Awaited<ReturnType<DocumentsRepository['box']>>;

/** One person on the missing list, as the coverage service answers (masked). */
export interface MissingEntry {
  name: string;
  id_number_masked: string;
  phone_masked: string | null;
  area_code: string;
  address: string | null;
}

/** The people of one grid (or of an area registered above grid level) with the grid worker answerable for them. */
export interface MissingGroup {
  code: string;
  name: string;
  owner: { name: string; phone_masked: string | null } | null;
  people: MissingEntry[];
}

/** 送检单 / 转运箱清单: what a box holds, tube by tube, for the count check at the lab. */
export function boxManifestPdf(font: PdfFont, meta: PrintMeta, { box, tubes }: Box, tz: string): Promise<Buffer> {
  const samples = tubes.reduce((s, t) => s + t.sample_count, 0);
  const doc = new PrintedDoc(font, meta);
  doc.fields([
    ['箱号', box.code],
    ['筛查轮次', box.round_name],
    ['采样点', box.site_name ? `${box.site_name}（${box.site_code}）` : box.site_code],
    ['送往实验室', box.lab_code ? `${box.lab_name ?? ''}（${box.lab_code}）` : '未交接'],
    ['封箱时间', localDateTime(box.sealed_at, tz)],
    ['交接时间', localDateTime(box.handed_over_at, tz)],
    ['管数', `${box.tube_count} 管，${samples} 人份`],
    ['接收', box.received_at ? `${localDateTime(box.received_at, tz)}，实收 ${box.received_count ?? '—'} 管` : '—'],
  ]);
  doc.table(
    [
      { title: '序号', width: 5, align: 'center', fit: true },
      { title: '管码', width: 22 },
      { title: '人份', width: 7, align: 'right', fit: true },
      { title: '混采', width: 7, align: 'right', fit: true },
      { title: '类型', width: 9, fit: true },
      { title: '首采时间', width: 16, fit: true },
      { title: '封管时间', width: 16, fit: true },
      { title: '核对', width: 6, align: 'center', fit: true },
    ],
    tubes.map((t, i) => [
      String(i + 1),
      t.barcode,
      String(t.sample_count),
      `${t.pool_size}合1`,
      t.is_recheck ? '单管复核' : '混管',
      localDateTime(t.first_sampled_at, tz),
      localDateTime(t.sealed_at, tz),
      '□',
    ]),
  );
  if (box.discrepancy) doc.paragraph(`接收差异：${box.discrepancy}`, { size: 10 });
  doc.signatures(['采样点交出', '转运人', '实验室接收']);
  return doc.end();
}

/** 未采名单: who of the area is not yet sampled in the round, grid by grid, with the grid worker who must reach them. */
export function missingListPdf(font: PdfFont, meta: PrintMeta, groups: readonly MissingGroup[], more: boolean): Promise<Buffer> {
  const total = groups.reduce((s, g) => s + g.people.length, 0);
  const doc = new PrintedDoc(font, meta);
  if (total === 0) doc.paragraph('本区域在本轮次中无未采人员。');
  for (const g of groups) {
    doc.section(`${g.name}（${g.code}）\u3000未采 ${g.people.length} 人\u3000网格员：${g.owner ? `${g.owner.name} ${g.owner.phone_masked ?? ''}` : '未指定'}`);
    doc.table(
      [
        { title: '序号', width: 5, align: 'center', fit: true },
        { title: '姓名', width: 9 },
        { title: '证件号（脱敏）', width: 17, fit: true },
        { title: '电话（脱敏）', width: 12, fit: true },
        { title: '住址', width: 30 },
        { title: '处理情况', width: 14 },
      ],
      g.people.map((p, i) => [String(i + 1), p.name, p.id_number_masked, p.phone_masked ?? '—', p.address ?? p.area_code, '']),
    );
  }
  if (more) doc.paragraph(`名单较长，本页只列前 ${total} 人：请按社区或网格分别打印。`, { size: 10 });
  return doc.end();
}
