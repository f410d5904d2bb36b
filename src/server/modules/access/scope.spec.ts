import { Scope } from './scope';

describe('Scope', () => {
  const a = Scope.of({ scope: ['320706022'], sites: [{ kind: 'lab', code: 'L1' }] });
  it('covers its areas and everything below them', () => {
    expect(a.covers('320706022')).toBe(true);
    expect(a.covers('320706022001001')).toBe(true);
    expect(a.covers('320706001')).toBe(false);
    expect(a.covers('320706')).toBe(false);
    expect(a.covers(null)).toBe(false);
  });
  it('touches enclosing areas but does not cover them', () => {
    expect(a.touches('320706')).toBe(true);
    expect(a.touches('320706001')).toBe(false);
  });
  it('narrows to a requested area only within itself', () => {
    expect(a.within('320706022001').areas).toEqual(['320706022001']);
    expect(a.within(undefined)).toBe(a);
    expect(() => a.within('320706001')).toThrow(/not found/);
    expect(() => a.within('320706')).toThrow(/not found/);
  });
  it('knows its work sites', () => {
    expect(a.worksAt('lab', 'L1')).toBe(true);
    expect(a.worksAt('lab', 'L2')).toBe(false);
    expect(a.siteCodes('facility')).toEqual([]);
  });
  it('city scope is explicit and names its rule', () => {
    const c = Scope.city('lab-intake');
    expect(c.isCity).toBe(true);
    expect(c.rule).toBe('lab-intake');
    expect(c.covers('11')).toBe(true);
    expect(() => a.ensureCityWide('Quarantine rules')).toThrow(/whole city/);
    expect(() => a.ensureCovers('320706001')).toThrow(/outside your scope/);
  });
});
