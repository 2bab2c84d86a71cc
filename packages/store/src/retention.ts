// How long a job's files (uploads, error files, exports) are kept, and the tag that marks them in S3:
// the bucket's lifecycle rule (CDK) and the local blob sweep read the same numbers.
export const JOB_FILE_RETENTION_DAYS = 7;
export const RETENTION_TAG = { key: 'ismf-retention', value: 'job-file' } as const;
