// Where the console finds the API and how people sign in: /console-config.json, written beside the site at
// deploy (the CDK stack) or answered by the local server. Nothing about a deployment is built into the bundle.
export type SignInConfig =
  | { kind: 'local' }
  | {
      kind: 'cognito';
      /** The hosted UI's domain, e.g. `ismf-prod.auth.eu-west-1.amazoncognito.com`. */
      domain: string;
      clientId: string;
    };

export interface ConsoleConfig {
  /** The API's base URL; empty: this origin (the local stack serves both). */
  apiUrl: string;
  signIn: SignInConfig;
}

export const CONFIG_PATH = '/console-config.json';

export async function loadConfig(): Promise<ConsoleConfig> {
  const answer = await fetch(CONFIG_PATH, { headers: { accept: 'application/json' } });
  if (!answer.ok) throw new Error(`the console's configuration could not be read (${answer.status})`);
  return (await answer.json()) as ConsoleConfig;
}
