// One structured logger per container (Powertools); handlers append tenant and request ids per call.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ismf' });
