import { registerStrings } from '../../app/i18n';

// Words of the maps (docs/maps.md): the legend titles and units each map passes, and the map's own.
registerStrings(
  {
    gridmap: {
      legend: '图例',
      unnamed: '未命名',
      noBasemap: '未安装城市底图',
      population: '人口',
      people: '{{n}} 人',
      coverage: '采样覆盖率',
      visits: '轨迹到访',
      times: '{{n}} 次',
      freeRooms: '附近空余房间',
      rooms: '{{n}} 间',
      parts: '拆分后的网格',
      part: '第 {{n}} 块',
      zones: '管控等级',
      incidentArea: '事件区域',
      cases: '病例',
      placements: '隔离点',
      sentinels: '哨点上报',
    },
  },
  {
    gridmap: {
      legend: 'Legend',
      unnamed: 'Unnamed',
      noBasemap: 'No city base map installed',
      population: 'Population',
      people: '{{n}} people',
      coverage: 'Sampling coverage',
      visits: 'Trajectory visits',
      times: '{{n}}×',
      freeRooms: 'Free rooms nearby',
      rooms: '{{n}} rooms',
      parts: 'Grids after the split',
      part: 'part {{n}}',
      zones: 'Control level',
      incidentArea: 'Incident area',
      cases: 'Cases',
      placements: 'Quarantine sites',
      sentinels: 'Sentinel reports',
    },
  },
);
