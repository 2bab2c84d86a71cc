// Where the Cognito hosted UI returns: the code is traded for tokens (PKCE), then the screen that was asked
// for before the sign-in opens.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { finishHostedSignIn } from '../session/session.ts';

export default function Callback() {
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    finishHostedSignIn(new URLSearchParams(location.search)).then(
      (returnTo) => navigate(returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/', { replace: true }),
      (error: Error) => setFailure(error.message),
    );
  }, [navigate]);
  return (
    <main id="main" className="sign-in-page">
      <h1>Signing in</h1>
      {failure ? (
        <p role="alert">
          {failure}. <a href="/">Start again</a>
        </p>
      ) : (
        <p role="status">Signing you in…</p>
      )}
    </main>
  );
}
