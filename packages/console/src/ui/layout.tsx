// The frame around every screen: a skip link, the tenant and the person signed in, the navigation (only the
// screens the person's roles open), and the main landmark.
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import type { Who } from '../session/claims.ts';
import { signOut } from '../session/session.ts';
import { mayOpen, SCREENS } from '../screens.ts';

export function Layout({ who, children }: { who: Who; children: ReactNode }) {
  const nav = SCREENS.filter((screen) => screen.nav && mayOpen(screen, who.roles));
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
            {nav.map((screen) => (
              <li key={screen.path}>
                <NavLink to={screen.path} end={screen.path === '/'}>
                  {screen.nav}
                </NavLink>
              </li>
            ))}
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
