/**
 * The words a reader sees for coded values: control statuses, tags, sex and transmission links.
 * One table for the web (labels) and the server (Chinese exports), so a CSV opened in Excel reads
 * as the page does. English exports keep the codes themselves: systems script against them.
 */
import type { ControlStatus, PersonTag } from './people';

type Words<K extends string> = Readonly<Record<K, { zh: string; en: string }>>;

export const controlStatusWords: Words<ControlStatus> = {
  none: { zh: '无管控', en: 'None' },
  temporary_control: { zh: '临时管控', en: 'Temporary control' },
  case_candidate: { zh: '疑似病例', en: 'Case candidate' },
  case: { zh: '病例', en: 'Case' },
  close_contact: { zh: '密接', en: 'Close contact' },
  secondary_contact: { zh: '次密接', en: 'Secondary contact' },
  spacetime_companion: { zh: '时空伴随', en: 'Space-time companion' },
  arrival_control: { zh: '来返管控', en: 'Arrival control' },
  centralised_quarantine: { zh: '集中隔离', en: 'Central quarantine' },
  home_quarantine: { zh: '居家隔离', en: 'Home quarantine' },
  home_monitoring: { zh: '居家健康监测', en: 'Home health monitoring' },
  hospitalised: { zh: '收治', en: 'Hospitalised' },
};

export const personTagWords: Words<PersonTag> = {
  cold_chain: { zh: '冷链', en: 'Cold chain' },
  port: { zh: '港口', en: 'Port' },
  transport_station: { zh: '交通场站', en: 'Transport station' },
  medical: { zh: '医务', en: 'Medical' },
  delivery: { zh: '快递外卖', en: 'Delivery' },
  driver: { zh: '司机', en: 'Driver' },
  quarantine_staff: { zh: '隔离点工作人员', en: 'Quarantine staff' },
  special_household: { zh: '特殊家庭', en: 'Special household' },
  returning_worker: { zh: '返乡人员', en: 'Returning worker' },
  risk_area_arrival: { zh: '风险地区来返', en: 'Risk-area arrival' },
};

export type Sex = 'M' | 'F' | 'U';
export const sexWords: Words<Sex> = {
  M: { zh: '男', en: 'Male' },
  F: { zh: '女', en: 'Female' },
  U: { zh: '未知', en: 'Unknown' },
};

/** An edge of the transmission graph: who infected whom, or how a contact was reached. */
export type ChainLink = 'infected' | 'close' | 'secondary' | 'companion' | 'elsewhere';
export const chainLinkWords: Words<ChainLink> = {
  infected: { zh: '传播', en: 'Infected' },
  close: { zh: '密接', en: 'Close contact' },
  secondary: { zh: '次密接', en: 'Secondary contact' },
  companion: { zh: '时空伴随', en: 'Companion' },
  elsewhere: { zh: '已移交外区', en: 'Handed off' },
};

export type WordLang = 'zh' | 'en';

/** One language's labels of a table, for the web's string bundles. */
export function wordsIn<K extends string>(table: Words<K>, lang: WordLang): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(table) as K[]) out[k] = table[k][lang];
  return out;
}

/** A code's word, or the code itself when the table does not know it (a site's own tag, say). */
export function wordOf(table: Readonly<Record<string, { zh: string; en: string }>>, code: string, lang: WordLang): string {
  return table[code]?.[lang] ?? code;
}
