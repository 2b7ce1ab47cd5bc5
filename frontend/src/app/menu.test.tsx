import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { permissionsOf } from '../lib/permissions';
import type { Role } from '../api/types';
import { menuItems, selectedKey, type MenuItem } from './menu';

const t = (key: Parameters<typeof translate>[1]) => translate('vi', key);
const UNIT = { id: 7, code: '70', name: 'Xã Song Vân', kind: 'commune' as const };

function keysOf(items: MenuItem[]): string[] {
  return items.flatMap((item) => {
    if (!item || !('key' in item)) return [];
    const children = 'children' in item && Array.isArray(item.children) ? keysOf(item.children) : [];
    return [String(item.key), ...children];
  });
}

function menuFor(roles: Role[], isAdmin = false): string[] {
  return keysOf(menuItems(permissionsOf({ roles, is_admin: isAdmin, unit: isAdmin ? null : UNIT }), t));
}

describe('menuItems', () => {
  it('gives the country-wide admin everything but the tasks and reports of a unit', () => {
    expect(menuFor(['admin'], true)).toEqual([
      '/', '/units', '/plans', '/figures-import', '/review', '/indicators', '/reporting-forms', '/admin', '/admin/users',
      '/admin/units', '/admin/reorganisation', '/admin/audit', '/admin/api-clients', '/admin/webhooks',
    ]);
  });

  it.each<[Role[], string[]]>([
    // Planners and reviewers compile their unit's report from below (báo cáo tổng hợp).
    // Planners reorganise the units below theirs, as the server lets them.
    [['planner'], ['/', '/units', '/plans', '/tasks', '/reports', '/indicators', '/reporting-forms', '/admin', '/admin/reorganisation']],
    [['reviewer'], ['/', '/units', '/plans', '/tasks', '/reports', '/review', '/indicators', '/reporting-forms']],
    [['reporter'], ['/', '/units', '/plans', '/tasks', '/reports', '/figures-import', '/indicators', '/reporting-forms']],
    [['viewer'], ['/', '/units', '/plans', '/tasks', '/indicators', '/reporting-forms']],
    [['planner', 'reviewer'], ['/', '/units', '/plans', '/tasks', '/reports', '/review', '/indicators', '/reporting-forms', '/admin', '/admin/reorganisation']],
  ])('gives %j the entries %j', (roles, expected) => {
    expect(menuFor(roles)).toEqual(expected);
  });

  it('shows a user without roles the units and the tasks of their unit', () => {
    expect(menuFor([])).toEqual(['/', '/units', '/tasks']);
  });
});

describe('selectedKey', () => {
  it.each([
    ['/units', '/units'],
    ['/units/42', '/units'],
    ['/plans', '/plans'],
    ['/review', '/review'],
    ['/review/7', '/review'],
    ['/plans/import', '/plans'],
    ['/reporting-forms', '/reporting-forms'],
    ['/admin', '/admin/users'],
    ['/admin/units', '/admin/units'],
    ['/admin/reorganisation', '/admin/reorganisation'],
    ['/admin/users', '/admin/users'],
    ['/admin/audit', '/admin/audit'],
    ['/admin/api-clients', '/admin/api-clients'],
    ['/admin/webhooks', '/admin/webhooks'],
    ['/', '/'],
  ])('%s highlights %s', (path, key) => {
    expect(selectedKey(path)).toBe(key);
  });
});
