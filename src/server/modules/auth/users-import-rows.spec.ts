import { passwordProblem } from '../../lib/password';
import { parseResponsibleRow } from '../areas/responsibles-rows';
import { newInitialPassword, parseUserRow } from './users-import-rows';

describe('rows of the owner imports (pure)', () => {
  it('initial passwords are random, pass the password rules and avoid look-alike characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = newInitialPassword('wang.gw');
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      expect(passwordProblem(p, 'wang.gw')).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });

  it('a users row: scope split on |, sites only when the column is there, every bad field at once', () => {
    expect(parseUserRow(2, { username: 'gw1', display_name: ' 王 ', role: 'grid_worker', scope: '320706022| 320706001 |', phone: '' })).toEqual({
      ok: { row: 2, username: 'gw1', displayName: '王', role: 'grid_worker', scope: ['320706022', '320706001'], phone: null, sites: undefined },
    });
    expect(parseUserRow(3, { username: 'lab1', display_name: 'x', role: 'lab', scope: '', phone: '', sites: 'lab:L1' })).toMatchObject({
      ok: { scope: [], sites: [{ kind: 'lab', code: 'L1' }] },
    });
    const bad = parseUserRow(4, { username: 'a', display_name: '', role: 'king', scope: 'abc', phone: '1', sites: 'moon:1' });
    expect('errors' in bad && bad.errors.map((e) => e.column)).toEqual(['username', 'display_name', 'role', 'scope', 'phone', 'sites']);
  });

  it('a responsibles row: duty from the list, optional title and phone', () => {
    expect(parseResponsibleRow(2, { area_code: '320706022', duty: 'unit', name: '吴', title: '', phone: '' })).toEqual({
      ok: { row: 2, areaCode: '320706022', duty: 'unit', name: '吴', title: null, phone: null },
    });
    const bad = parseResponsibleRow(3, { area_code: 'x', duty: 'boss', name: '', title: '', phone: '123' });
    expect('errors' in bad && bad.errors.map((e) => e.column)).toEqual(['area_code', 'duty', 'name', 'phone']);
  });
});
