// The frame around every screen: a skip link, the tenant and the person signed in, the navigation (only the
// screens the person's roles open; an area's screens with a `group` gathered under one menu button), and the
// main landmark.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { NavLink, matchPath, useLocation } from 'react-router';
import type { Who } from '../session/claims.ts';
import { signOut } from '../session/session.ts';
import { mayOpen, SCREENS, type Screen } from '../screens.ts';

type NavEntry = { kind: 'link'; screen: Screen } | { kind: 'group'; label: string; screens: Screen[] };

/** The navigation's entries in the routes' order: a group where its first screen stands. */
function entriesFor(roles: Who['roles']): NavEntry[] {
  const entries: NavEntry[] = [];
  for (const screen of SCREENS) {
    if (!screen.nav || !mayOpen(screen, roles)) continue;
    if (!screen.group) {
      entries.push({ kind: 'link', screen });
      continue;
    }
    const group = entries.find((entry) => entry.kind === 'group' && entry.label === screen.group);
    if (group?.kind === 'group') group.screens.push(screen);
    else entries.push({ kind: 'group', label: screen.group, screens: [screen] });
  }
  return entries;
}

/**
 * A group's menu: a disclosure button (its state announced by aria-expanded) over a list of links. It closes
 * on a link followed, on Escape (focus back on the button) and on a click elsewhere; it is marked current
 * while any screen of its group (a list, a record) is open.
 */
function NavGroup({ label, screens }: { label: string; screens: readonly Screen[] }) {
  const id = useId();
  const { pathname } = useLocation();
  // Open for the address it was opened at: following a link closes it without an effect.
  const [openAt, setOpenAt] = useState<string>();
  const open = openAt === pathname;
  const box = useRef<HTMLLIElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const current = SCREENS.some((screen) => screen.group === label && matchPath(screen.path, pathname));
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpenAt(undefined);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);
  return (
    <li
      ref={box}
      className="nav-group"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpenAt(undefined);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        className={current ? 'active' : undefined}
        onClick={() => setOpenAt(open ? undefined : pathname)}
      >
        {label}
        <span aria-hidden="true" className="caret">
          {open ? '▴' : '▾'}
        </span>
      </button>
      <ul id={id} hidden={!open} className="nav-menu">
        {screens.map((screen) => (
          <li key={screen.path}>
            <NavLink to={screen.path} end onClick={() => setOpenAt(undefined)}>
              {screen.nav}
            </NavLink>
          </li>
        ))}
      </ul>
    </li>
  );
}

export function Layout({ who, children }: { who: Who; children: ReactNode }) {
  const nav = entriesFor(who.roles);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">ISMF</span>
        <span className="tenant" title="your organization">
          {who.tenantId}
        </span>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {nav.map((entry) =>
              entry.kind === 'link' ? (
                <li key={entry.screen.path}>
                  <NavLink to={entry.screen.path} end={entry.screen.path === '/'}>
                    {entry.screen.nav}
                  </NavLink>
                </li>
              ) : (
                <NavGroup key={entry.label} label={entry.label} screens={entry.screens} />
              ),
            )}
          </ul>
        </nav>
        <div className="me">
          <NavLink to="/me/notifications">{who.name ?? who.email}</NavLink>
          <span className="roles">{who.roles.join(', ')}</span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
