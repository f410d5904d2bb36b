import { polygonProblems, zoneActive, zoneProblems } from './zone-rules';

const square = [
  [119.1, 34.5],
  [119.2, 34.5],
  [119.2, 34.6],
  [119.1, 34.5],
];

describe('zone rules', () => {
  it('accepts a closed Polygon and MultiPolygon', () => {
    expect(polygonProblems({ type: 'Polygon', coordinates: [square] })).toEqual({});
    expect(polygonProblems({ type: 'MultiPolygon', coordinates: [[square], [square]] })).toEqual({});
  });

  it('names the ring or position that is wrong', () => {
    expect(polygonProblems({ type: 'Point', coordinates: [1, 2] })).toEqual({ 'polygon.type': 'must be Polygon or MultiPolygon, not Point' });
    expect(polygonProblems({ type: 'Polygon', coordinates: [square.slice(0, 3)] })).toMatchObject({
      'polygon.coordinates[0]': expect.stringContaining('at least 4'),
    });
    expect(polygonProblems({ type: 'Polygon', coordinates: [[...square.slice(0, 3), [119.3, 34.7]]] })).toMatchObject({
      'polygon.coordinates[0]': expect.stringContaining('not closed'),
    });
    expect(polygonProblems({ type: 'MultiPolygon', coordinates: [[square], [[[200, 34], ...square.slice(1)]]] })).toEqual({
      'polygon.coordinates[1][0][0]': 'lng 200 is outside -180…180',
    });
    expect(polygonProblems({ type: 'Polygon', coordinates: [[['a', 1], ...square]] })).toEqual({ 'polygon.coordinates[0][0]': 'must be [lng, lat] numbers' });
  });

  it('needs something to draw, areas inside the incident, an end after the start', () => {
    const base = { areaCodes: ['320706001'], hasPolygon: false, startsAt: '2026-05-06T00:00:00Z', endsAt: null };
    expect(zoneProblems(base, '320706')).toEqual({});
    expect(zoneProblems({ ...base, areaCodes: [] }, '320706')).toMatchObject({ areaCodes: expect.stringContaining('area codes or a drawn polygon') });
    expect(zoneProblems({ ...base, areaCodes: [], hasPolygon: true }, '320706')).toEqual({});
    expect(zoneProblems({ ...base, areaCodes: ['320707001'] }, '320706')).toEqual({ 'areaCodes[0]': "320707001 is outside the incident's area 320706" });
    expect(zoneProblems({ ...base, areaCodes: ['320706001', '320706001'] }, '320706')).toEqual({ 'areaCodes[1]': '320706001 is listed twice' });
    expect(zoneProblems({ ...base, endsAt: '2026-05-05T00:00:00Z' }, '320706')).toEqual({ endsAt: 'must be after startsAt' });
  });

  it('is in force from its start until its end', () => {
    const z = { starts_at: '2026-05-06T00:00:00.000Z', ends_at: '2026-05-20T00:00:00.000Z' };
    expect(zoneActive(z, '2026-05-05T23:59:59.000Z')).toBe(false);
    expect(zoneActive(z, '2026-05-06T00:00:00.000Z')).toBe(true);
    expect(zoneActive(z, '2026-05-20T00:00:00.000Z')).toBe(false);
    expect(zoneActive({ ...z, ends_at: null }, '2027-01-01T00:00:00.000Z')).toBe(true);
  });
});
