import { gridFigure, rampKey } from './legend';
import { rampColor } from './ramp';

describe('map legend', () => {
  it('colours a figure as the map does: the ends, the middle, clamped outside', () => {
    expect(rampColor(0, [0, 1], ['#000000', '#ffffff'])).toBe('#000000');
    expect(rampColor(0.5, [0, 1], ['#000000', '#ffffff'])).toBe('#808080');
    expect(rampColor(7, [0, 1], ['#000', '#fff'])).toBe('#ffffff');
    expect(rampColor(3, [3, 3], ['#000000', '#d73027'])).toBe('#d73027');
  });

  it('shows the ramp’s ends in the map’s own words, and no ramp for classes or a flat fill', () => {
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    expect(rampKey({ title: '采样覆盖率', format: pct }, [0, 1], ['#d73027', '#1a9850'])).toEqual({
      low: { color: '#d73027', label: '0%' },
      high: { color: '#1a9850', label: '100%' },
      gradient: 'linear-gradient(to right, #d73027, #1a9850)',
    });
    expect(rampKey({ title: '管控等级', classes: [{ color: '#a8071a', label: '封控区' }] }, [0, 3], ['#e6f4ff', '#a8071a'])).toBeNull();
    expect(rampKey({ title: '哨点上报', ramp: false }, [0, 1], ['#f5f5f5', '#f5f5f5'])).toBeNull();
  });

  it('tells a polygon’s figure with the legend’s title, and nothing when it has none', () => {
    const spec = { title: '人口', format: (n: number) => `${n} 人` };
    expect(gridFigure(spec, 'population', { population: 1200 })).toBe('人口 1200 人');
    expect(gridFigure(spec, 'population', { population: '35' })).toBe('人口 35 人');
    expect(gridFigure(spec, 'population', { name: '一号网格' })).toBeNull();
    expect(gridFigure({ title: '覆盖率' }, 'coverage', { coverage: 0.456 })).toBe('覆盖率 0.46');
  });
});
