// What a test counts of the DynamoDB requests its own in-process API makes (the SDK middleware's count).
import { onDynamoRequest } from '@ismf/store/client';

/** Runs the calls and answers their result with how many requests of this command they made. */
export async function requestsDuring<T>(command: string, run: () => Promise<T>): Promise<{ result: T; count: number }> {
  let count = 0;
  const stop = onDynamoRequest((name) => {
    if (name === command) count++;
  });
  try {
    return { result: await run(), count };
  } finally {
    stop();
  }
}

/** The BatchGetItem requests of the calls: the directory reads that name people. */
export const batchGetsDuring = async <T>(run: () => Promise<T>) => {
  const { result, count } = await requestsDuring('BatchGetItemCommand', run);
  return { result, batchGets: count };
};
