import { maskName } from '../../lib/masking';
import type { DocumentsRepository } from './documents.repository';
import { localDateTime, localDateZh } from './local-format';
import type { PdfFont } from './pdf-font';
import { PrintedDoc, type PrintMeta } from './pdf-layout';

type Stops = Awaited<ReturnType<DocumentsRepository['runStops']>>;
type Placement = Awaited<ReturnType<DocumentsRepository['placement']>>;

export const REASON_ZH: Record<string, string> = {
  'close-contact': '密切接触者',
  'secondary-contact': '密接的密接',
  arrival: '中高风险地区来返人员',
  case: '感染者（收治）',
  'positive-pool': '混管阳性人员',
};

const FACILITY_ZH: Record<string, string> = {
  quarantine: '集中隔离点',
  designated: '定点医院',
  'sub-designated': '亚定点医院',
  fangcang: '方舱医院',
  home: '居家隔离',
};

const STATUS_ZH: Record<string, string> = {
  requested: '待审批',
  approved: '已审批',
  vehicle_assigned: '已派车',
  picked_up: '已接到',
  arrived: '已到达',
  cancelled: '已取消',
};

/**
 * 转运单: one vehicle run, its stops in pickup order with where to call (address, masked phone),
 * the named carer of a minor or dependant, where each goes, and the times; signed at handover.
 */
export function transferSheetPdf(font: PdfFont, meta: PrintMeta, stops: Stops, tz: string): Promise<Buffer> {
  const first = stops[0];
  const destinations = [...new Set(stops.map((s) => s.facility))];
  const doc = new PrintedDoc(font, meta, 'landscape');
  doc.fields([
    ['车辆', first?.plate ?? '—'],
    ['司机', first?.driver ?? '—'],
    ['座位', first?.capacity ? `${first.capacity} 座，本趟 ${stops.length} 人` : `${stops.length} 人`],
    ['派车时间', localDateTime(first?.assigned_at, tz)],
    ['目的地', destinations.join('、')],
    ['最晚送达', localDateTime(stops.map((s) => s.deadline).sort()[0], tz)],
  ]);
  doc.table(
    [
      { title: '顺序', width: 4, align: 'center', fit: true },
      { title: '姓名', width: 6 },
      { title: '证件号（脱敏）', width: 12, fit: true },
      { title: '接人地址', width: 20 },
      { title: '电话（脱敏）', width: 9, fit: true },
      { title: '陪护人', width: 7 },
      { title: '类别', width: 8 },
      { title: '送往', width: 13 },
      { title: '接到时间', width: 9, fit: true },
      { title: '到达时间', width: 9, fit: true },
      { title: '状态', width: 6, fit: true },
    ],
    stops.map((s) => [
      s.pickup_seq ? String(s.pickup_seq) : '—',
      maskName(s.name),
      s.doc_masked,
      s.address ?? '—',
      s.phone_masked ?? '—',
      s.carer ?? '',
      REASON_ZH[s.reason] ?? s.reason,
      s.from_facility ? `${s.from_facility} → ${s.facility}` : s.facility,
      localDateTime(s.picked_up_at, tz),
      localDateTime(s.arrived_at, tz),
      STATUS_ZH[s.status] ?? s.status,
    ]),
  );
  doc.paragraph('电话需明文时，请在转运看板点“查看号码”（留痕）。接到与到达请在系统中逐站确认。', { size: 9.5 });
  doc.signatures(['司机', '转运组', '接收点']);
  return doc.end();
}

/** 隔离告知书: the person is told where, why and for how long they are placed, by the site that holds them. */
export function quarantineNoticePdf(font: PdfFont, meta: PrintMeta, p: Placement, tz: string): Promise<Buffer> {
  const setting = FACILITY_ZH[p.facility_type] ?? p.facility_type;
  const doc = new PrintedDoc(font, meta);
  doc.fields(
    [
      ['姓名', p.name],
      ['证件号', p.doc_masked],
      ['类别', REASON_ZH[p.reason] ?? p.reason],
      ['隔离场所', `${p.facility}（${setting}）`],
      ['房间', p.room ?? '—'],
      ['地址', p.facility_address ?? '—'],
    ],
    true,
  );
  doc.paragraph(`${p.name}：`, { size: 12 });
  doc.paragraph(
    `经研判，您为${REASON_ZH[p.reason] ?? '需隔离人员'}。根据疫情防控有关规定，自${localDateTime(p.start_at, tz)}起，` +
      `您需在${p.facility}进行${setting === '居家隔离' ? '居家隔离' : '集中隔离医学观察'}至${localDateTime(p.site_end, tz)}，` +
      `其后居家健康监测至${localDateTime(p.monitoring_end, tz)}。`,
    { indent: true },
  );
  doc.paragraph(
    '隔离期间请配合每日两次体温与症状监测及核酸检测，不得离开隔离房间，不得与其他人员接触；如出现发热、干咳、乏力、咽痛、嗅（味）觉减退等症状，请立即告知工作人员。',
    {
      indent: true,
    },
  );
  doc.paragraph('隔离期满、核酸检测结果均为阴性且经评估符合条件的，将出具解除隔离证明。感谢您的理解与配合！', { indent: true });
  if (p.carer) doc.paragraph(`陪护人：${p.carer}`, { indent: true });
  doc.signatures(['被告知人签字', '告知人']);
  doc.issuer([
    `${p.facility}${p.facility_area ? `（${p.facility_area}）` : ''}`,
    ...(p.facility_contact ? [`联系电话：${p.facility_contact}`] : []),
    localDateZh(p.start_at, tz),
  ]);
  return doc.end();
}

/** 解除隔离证明: the site certifies the period served and the release. */
export function releaseCertificatePdf(font: PdfFont, meta: PrintMeta, p: Placement, tz: string): Promise<Buffer> {
  const doc = new PrintedDoc(font, meta);
  doc.fields(
    [
      ['姓名', p.name],
      ['证件号', p.doc_masked],
      ['隔离场所', p.facility],
      ['房间', p.room ?? '—'],
      ['隔离开始', localDateTime(p.start_at, tz)],
      ['解除时间', localDateTime(p.released_at, tz)],
    ],
    true,
  );
  doc.paragraph(
    `兹证明${p.name}（证件号 ${p.doc_masked}）作为${REASON_ZH[p.reason] ?? '需隔离人员'}，于${localDateZh(p.start_at, tz)}至${localDateZh(p.released_at, tz)}` +
      `在${p.facility}接受隔离医学观察，${p.ended_reason === 'override' ? '经评估提前' : '期满并经核酸检测阴性，'}于${localDateTime(p.released_at, tz)}解除隔离。`,
    { indent: true, size: 12.5 },
  );
  doc.paragraph(`请于${localDateZh(p.monitoring_end, tz)}前继续做好居家健康监测，如有不适及时就医。`, { indent: true, size: 12.5 });
  if (p.release_note) doc.paragraph(`备注：${p.release_note}`, { indent: true });
  doc.paragraph('特此证明。', { indent: true, size: 12.5 });
  doc.issuer([`${p.facility}${p.facility_area ? `（${p.facility_area}）` : ''}`, '（盖章）', localDateZh(p.released_at, tz)]);
  return doc.end();
}
