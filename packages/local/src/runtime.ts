// The local runtime runs only as ISMF_RUNTIME=local: its entry points (npm start) set it when absent, and
// everything that stands in for AWS (the server, the flows) refuses to run under ISMF_RUNTIME=aws.
import { ConfigurationError, localConfig, type LocalConfig } from '@ismf/core/config';

/** For an entry point of the local runtime: ISMF_RUNTIME=local unless set, and never another runtime. */
export function useLocalRuntime(): LocalConfig {
  process.env.ISMF_RUNTIME ??= 'local';
  return requireLocalRuntime();
}

/** The local runtime's settings; a clear error when the process was started for another runtime. */
export function requireLocalRuntime(): LocalConfig {
  try {
    return localConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) throw new ConfigurationError(`the local runtime needs ISMF_RUNTIME=local: ${error.message}`);
    throw error;
  }
}
