// The console: sign-in first, then every screen at its URL, each only for the roles its operation allows.
// A deep link (a mail's) survives the sign-in: the sign-in returns to it.
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './ui/layout.tsx';
import { Loading, Page } from './ui/page.tsx';
import { mayOpen, SCREENS, type Screen } from './screens.ts';
import { useWho } from './session/session.ts';
import type { Who } from './session/claims.ts';
import SignIn from './screens/sign-in.tsx';
import Callback from './screens/callback.tsx';

function Guarded({ screen, who }: { screen: Screen; who: Who }) {
  if (!mayOpen(screen, who.roles)) {
    return (
      <Page title="Not for your roles">
        <p>
          {screen.title} is open to {screen.roles.join(', ')}. Your roles are {who.roles.join(', ') || 'none'}; an administrator can change them.
        </p>
      </Page>
    );
  }
  const Component = screen.component;
  return (
    <Suspense fallback={<Loading what={screen.title.toLowerCase()} />}>
      <Component />
    </Suspense>
  );
}

function NotFound() {
  return (
    <Page title="Not found">
      <p>There is no screen at this address.</p>
    </Page>
  );
}

function SignedIn({ who }: { who: Who }) {
  return (
    <Layout who={who}>
      <Routes>
        {SCREENS.map((screen) => (
          <Route key={screen.path} path={screen.path} element={<Guarded screen={screen} who={who} />} />
        ))}
        <Route path="/sign-in" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Layout>
  );
}

function Gate() {
  const who = useWho();
  const location = useLocation();
  if (location.pathname === '/callback') return <Callback />;
  if (!who) return <SignIn returnTo={location.pathname === '/sign-in' ? '/' : `${location.pathname}${location.search}`} />;
  return <SignedIn who={who} />;
}

export function App() {
  return (
    <BrowserRouter>
      <Gate />
    </BrowserRouter>
  );
}
