// The console shows a person only the screens their roles open, and a screen's roles are those of the API
// operation it is built on: a screen never opens only for the API to refuse what it shows.
import { describe, expect, it } from 'vitest';
import { registry } from '@ismf/app/areas';
import { ROUTES as SCREENS, mayOpen } from '../../packages/console/src/routes.ts';
import { NOTIFICATION_KINDS } from '../../packages/console/src/notification-kinds.ts';

describe('the console’s screens', () => {
  it('each take the roles of the operation they are built on', () => {
    for (const screen of SCREENS) {
      const operation = registry.operations.find((candidate) => candidate.name === screen.operation);
      expect(operation, `${screen.path}: operation ${screen.operation}`).toBeDefined();
      expect('roles' in operation!.callers ? [...operation!.callers.roles].sort() : ['public'], `${screen.path} (${screen.operation})`).toEqual(
        [...screen.roles].sort(),
      );
    }
  });

  it('have one screen per address, and mail links reach a screen', () => {
    expect(new Set(SCREENS.map((screen) => screen.path)).size).toBe(SCREENS.length);
    // The links the areas put in notifications and /me/tasks (packages/*/src: link: …) open these screens.
    const patterns = SCREENS.map((screen) => new RegExp(`^${screen.path.replace(/:[a-zA-Z]+/g, '[^/]+')}$`));
    for (const link of [
      '/assets/01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
      '/assets/01JDQ8R6Z8W4X3N2K1M0P9Q7RS/reviews',
      '/asset-policy-changes/01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
      '/approvals/01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
      '/tasks/01JDQ8R6Z8W4X3N2K1M0P9Q7RX',
      '/assets/summary',
      // Patch management's notifications and subject links (packages/patches/src).
      '/patch-requirements/01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
      '/patch-requirements?overdue=true',
      '/patch-tests/01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
      '/patch-waves/01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
    ]) {
      expect(
        patterns.some((pattern) => pattern.test(link.split('?')[0]!)),
        link,
      ).toBe(true);
    }
  });

  it('keep staff out of settings and the register, and open them to those who keep them', () => {
    const settings = SCREENS.find((screen) => screen.path === '/settings')!;
    const register = SCREENS.find((screen) => screen.path === '/assets')!;
    expect(mayOpen(settings, ['staff'])).toBe(false);
    expect(mayOpen(register, ['staff'])).toBe(false);
    expect(mayOpen(settings, ['staff', 'admin'])).toBe(true);
    expect(mayOpen(register, ['asset-owner'])).toBe(true);
  });

  it('offer a choice for every kind of notification the areas send', () => {
    expect(Object.keys(NOTIFICATION_KINDS).sort()).toEqual([...registry.notificationKinds].sort());
  });
});
