import { Scope } from '../access';
import { auditAreaOf, grantableRoles, roleWithin, sameCodes, uncoveredAreas } from './grants';
import { lockAfter, MAX_LOCK_MS } from './login-throttle';
import { permissionsOf, type Permission } from './permissions';

describe('grants: nobody grants more than they hold', () => {
  it('a role is grantable only when all its permissions are held', () => {
    expect(roleWithin(permissionsOf('admin'), 'commander')).toBe(true);
    expect(roleWithin(permissionsOf('commander'), 'admin')).toBe(false);
    const few = new Set<Permission>(['users:manage', 'testing:read', 'testing:result']);
    expect(roleWithin(few, 'lab')).toBe(true);
    expect(roleWithin(few, 'sampler')).toBe(false); // testing:sample is not held
    expect(grantableRoles(few)).toEqual(['lab']);
    expect(grantableRoles(permissionsOf('admin'))).toContain('admin');
  });

  it('areas are grantable only inside the scope; * only from a city scope', () => {
    const streetA = Scope.of({ scope: ['320706022'], sites: [] });
    expect(uncoveredAreas(streetA, ['320706022', '320706022001'])).toEqual([]);
    expect(uncoveredAreas(streetA, ['*', '320706', '320706001', '320706022'])).toEqual(['*', '320706', '320706001']);
    expect(uncoveredAreas(Scope.of({ scope: ['*'], sites: [] }), ['*', '32'])).toEqual([]);
    expect(uncoveredAreas(Scope.of({ scope: [], sites: [] }), ['320706022'])).toEqual(['320706022']);
  });

  it('compares grants as sets and files audit entries under a single-area grant only', () => {
    expect(sameCodes(['a', 'b'], ['b', 'a', 'a'])).toBe(true);
    expect(sameCodes(['a'], ['a', 'b'])).toBe(false);
    expect(auditAreaOf(['320706022'])).toBe('320706022');
    expect(auditAreaOf(['*'])).toBeUndefined();
    expect(auditAreaOf(['320706022', '320706001'])).toBeUndefined();
  });
});

describe('login throttle: growing locks per (account, address)', () => {
  it('locks after the allowed failures and doubles each further lock, at most a day', () => {
    expect(lockAfter(4, 5, 15)).toBeNull();
    expect(lockAfter(5, 5, 15)).toBe(15 * 60_000);
    expect(lockAfter(6, 5, 15)).toBe(30 * 60_000);
    expect(lockAfter(7, 5, 15)).toBe(60 * 60_000);
    expect(lockAfter(50, 5, 15)).toBe(MAX_LOCK_MS);
    expect(lockAfter(1, 1, 3000)).toBe(3000 * 60_000); // a configured first lock longer than a day is kept
  });
});
