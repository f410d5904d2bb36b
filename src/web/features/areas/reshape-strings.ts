import { registerStrings } from '../../app/i18n';

registerStrings(
  {
    areas: {
      reshape: {
        title: '网格调整',
        help: '合并、拆分或重绘本网格。楼栋、人员、户数、进行中的筛查轮次和责任人随网格一起调整，一次完成、留痕审计。改到其他网格的楼栋会在新网格下重新编码。',
        merge: '合并',
        split: '拆分',
        redraw: '重绘',
        mergeTitle: '把同社区的其他网格并入本网格',
        mergeHelp: '本网格保留编码；被并入的网格撤销（记录保留，不再出现在列表和地图上），其楼栋改编到本网格下。',
        mergeFrom: '并入的网格',
        splitTitle: '按图拆分本网格',
        splitHelp:
          '上传 GeoJSON（FeatureCollection，每个部分一个要素，属性 name 为网格名称，可选 grid_code）。带本网格编码的部分（或第一个部分）保留编码，其他部分生成新编码。楼栋按坐标归入所在部分，登记在网格本级的人员留在原网格。',
        redrawTitle: '重绘本网格边界',
        redrawHelp: '上传 GeoJSON 多边形。坐标落入新边界的同社区楼栋归入本网格，移出边界的楼栋归入其坐标所在网格，人员随楼栋调整。',
        file: '选择 GeoJSON 文件',
        preview: '预览（{{n}} 个部分）',
        badFile: '文件不是有效的 GeoJSON',
        confirm: '确认调整',
        reason: '调整原因',
        done: '已完成：涉及网格 {{grids}}；迁移 {{moved}} 人（整户 {{households}} 户），{{buildings}} 栋楼重新编码',
        created: '新建网格：{{codes}}',
        retired: '已撤销网格：{{codes}}',
        stayed: '留在原网格：网格本级登记 {{people}} 人，{{buildings}} 栋楼无坐标或不在任何部分内',
        rescope: '以下账号的管辖范围指向已撤销的编码，请重新分配：{{users}}',
        fieldNames: { into: '保留的网格', from: '并入的网格', grid: '网格', parts: '拆分部分', geometry: '边界', name: '名称', gridCode: '网格编码' },
        refused: '未调整：{{detail}}',
      },
    },
  },
  {
    areas: {
      reshape: {
        title: 'Redraw, split or merge',
        help: 'Merge, split or redraw this grid. Buildings, people, households, open testing rounds and owners move with it, in one audited step. A building that changes grid is re-issued a code under its new grid.',
        merge: 'Merge',
        split: 'Split',
        redraw: 'Redraw',
        mergeTitle: 'Merge other grids of this community into this one',
        mergeHelp:
          'This grid keeps its code; the merged grids are retired (kept as records, gone from lists and the map) and their buildings re-coded under this grid.',
        mergeFrom: 'Grids to merge in',
        splitTitle: 'Split this grid by drawn parts',
        splitHelp:
          'Upload GeoJSON (a FeatureCollection, one feature per part, property name, optional grid_code). The part with this grid’s code (or the first) keeps it; others get new codes. Buildings go to the part holding their point; people registered at the grid itself stay.',
        redrawTitle: 'Redraw this grid’s outline',
        redrawHelp:
          'Upload a GeoJSON polygon. Buildings of the community whose point now lies inside join this grid; those now outside go to the grid holding their point; their people follow.',
        file: 'Choose a GeoJSON file',
        preview: 'Preview ({{n}} parts)',
        badFile: 'The file is not valid GeoJSON',
        confirm: 'Apply',
        reason: 'Reason',
        done: 'Done: grids {{grids}}; {{moved}} people moved ({{households}} whole households), {{buildings}} buildings re-coded',
        created: 'New grids: {{codes}}',
        retired: 'Retired grids: {{codes}}',
        stayed: 'Stayed: {{people}} people registered at the grid itself, {{buildings}} buildings with no point inside a part',
        rescope: 'These accounts are scoped to a retired code and need a new scope: {{users}}',
        fieldNames: { into: 'Grid kept', from: 'Grids merged', grid: 'Grid', parts: 'Parts', geometry: 'Outline', name: 'Name', gridCode: 'Grid code' },
        refused: 'Not changed: {{detail}}',
      },
    },
  },
);
