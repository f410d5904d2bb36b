import { registerStrings } from '../../app/i18n';

registerStrings(
  {
    areas: {
      title: '区域网格', tree: '区域树', population: '人口', households: '户数', responsibles: '责任人', code: '编码', level: '层级',
      map: '网格分布（按人口着色）', gaps: '责任盲区', gapsHelp: '没有任何责任人的区域（断点、盲区）', addResponsible: '添加责任人',
      duty: '职责', name: '姓名', titleField: '职务', phone: '手机号', remove: '移除', removeReason: '移除原因',
      duties: { locality: '属地责任', department: '部门责任', unit: '单位责任', grid_worker: '网格员' },
      levels: { province: '省', city: '市', district: '区县', street: '街道/镇', community: '社区/村', grid: '网格', building: '楼栋/小区' },
      none: '暂无责任人',
    },
  },
  {
    areas: {
      title: 'Areas & grids', tree: 'Area tree', population: 'People', households: 'Households', responsibles: 'Responsible', code: 'Code', level: 'Level',
      map: 'Grids (coloured by population)', gaps: 'Responsibility gaps', gapsHelp: 'Areas with nobody answerable for them', addResponsible: 'Add responsible',
      duty: 'Duty', name: 'Name', titleField: 'Title', phone: 'Mobile', remove: 'Remove', removeReason: 'Reason for removal',
      duties: { locality: 'Locality', department: 'Department', unit: 'Unit', grid_worker: 'Grid worker' },
      levels: { province: 'Province', city: 'City', district: 'District', street: 'Street/town', community: 'Community', grid: 'Grid', building: 'Building' },
      none: 'Nobody named yet',
    },
  },
);
