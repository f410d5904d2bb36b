import { registerStrings } from '../../app/i18n';

const statusZh = { none: '无管控', temporary_control: '临时管控', case_candidate: '疑似病例', case: '病例', close_contact: '密接', secondary_contact: '次密接', spacetime_companion: '时空伴随', arrival_control: '来返管控', centralised_quarantine: '集中隔离', home_quarantine: '居家隔离', home_monitoring: '居家健康监测', hospitalised: '收治' };
const statusEn = { none: 'None', temporary_control: 'Temporary control', case_candidate: 'Case candidate', case: 'Case', close_contact: 'Close contact', secondary_contact: 'Secondary contact', spacetime_companion: 'Space-time companion', arrival_control: 'Arrival control', centralised_quarantine: 'Central quarantine', home_quarantine: 'Home quarantine', home_monitoring: 'Home health monitoring', hospitalised: 'Hospitalised' };
const tagsZh = { cold_chain: '冷链', port: '港口', transport_station: '交通场站', medical: '医务', delivery: '快递外卖', driver: '司机', quarantine_staff: '隔离点工作人员', special_household: '特殊家庭', returning_worker: '返乡人员', risk_area_arrival: '风险地区来返' };
const tagsEn = { cold_chain: 'Cold chain', port: 'Port', transport_station: 'Transport station', medical: 'Medical', delivery: 'Delivery', driver: 'Driver', quarantine_staff: 'Quarantine staff', special_household: 'Special household', returning_worker: 'Returning worker', risk_area_arrival: 'Risk-area arrival' };

registerStrings(
  {
    people: {
      title: '人口底数', search: '姓名、身份证号或手机号', area: '区域编码', name: '姓名', sex: '性别', birthDate: '出生日期', idNumber: '证件号', phone: '手机号',
      address: '住址', household: '户', tags: '标签', status: '管控状态', vaccine: '疫苗剂次', import: '批量导入', export: '导出', list: '查询',
      importHelp: 'CSV 或 XLSX（UTF-8 或 GBK），列：id_number,name,sex,birth_date,phone,area_code,address,household,tags（标签以 | 分隔）。错误行逐行列出，正确行照常导入；重复导入不会产生重复。',
      result: '新增 {{accepted}}，更新 {{updated}}，未变 {{unchanged}}，拒绝 {{rejected}}', reveal: '查看明文', revealReason: '查看原因（将记入审计）',
      members: '同户成员', history: '管控状态变更', audit: '操作记录', sexes: { M: '男', F: '女', U: '未知' }, statuses: statusZh, tagNames: tagsZh,
    },
  },
  {
    people: {
      title: 'Population registry', search: 'Name, ID number or mobile', area: 'Area code', name: 'Name', sex: 'Sex', birthDate: 'Born', idNumber: 'Document', phone: 'Mobile',
      address: 'Address', household: 'Household', tags: 'Tags', status: 'Control status', vaccine: 'Vaccine doses', import: 'Import', export: 'Export', list: 'Search',
      importHelp: 'CSV or XLSX (UTF-8 or GBK) with columns id_number,name,sex,birth_date,phone,area_code,address,household,tags (tags separated by |). Bad rows are listed one by one; good rows are imported; importing twice creates no duplicates.',
      result: 'new {{accepted}}, updated {{updated}}, unchanged {{unchanged}}, rejected {{rejected}}', reveal: 'Show in clear', revealReason: 'Why do you need it (audited)',
      members: 'Household members', history: 'Control status changes', audit: 'Activity', sexes: { M: 'Male', F: 'Female', U: 'Unknown' }, statuses: statusEn, tagNames: tagsEn,
    },
  },
);
