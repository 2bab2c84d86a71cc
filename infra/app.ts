// `npx cdk synth` / `npx cdk deploy`: the CDK app entry. A missing or wrong context value stops it with
// its message alone (which names the `-c key=value` to give).
import { buildApp, ContextError } from './build-app.ts';

try {
  buildApp();
} catch (error) {
  if (!(error instanceof ContextError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exitCode = 1;
}
