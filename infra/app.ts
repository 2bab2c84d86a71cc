// `npx cdk synth` / `npx cdk deploy`: the CDK app entry. A missing or wrong context value stops it with
// its message alone (which names the `-c key=value` to give), before anything is built. The console is built
// first (Vite, again only when its sources changed), since its files are an asset of IsmfConsoleSite.
import { App } from 'aws-cdk-lib';
import { buildConsole } from '@ismf/console/server/build';
import { buildApp, ContextError, readContext } from './build-app.ts';

try {
  const app = new App();
  readContext(app);
  const site = await buildConsole();
  buildApp(app, undefined, { consoleSite: site.dir });
} catch (error) {
  if (!(error instanceof ContextError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exitCode = 1;
}
