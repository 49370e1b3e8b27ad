/** Names under which global setup hands the servers' addresses to the test files. */
export const TEST_ENV = {
  serverUrl: 'FULLFOLJ_TEST_PG_SERVER_URL',
  databaseUrl: 'FULLFOLJ_TEST_DATABASE_URL',
  temporalAddress: 'FULLFOLJ_TEST_TEMPORAL_ADDRESS',
  smtpUrl: 'FULLFOLJ_TEST_SMTP_URL',
  mailDir: 'FULLFOLJ_TEST_MAIL_DIR',
  scratchDir: 'FULLFOLJ_TEST_SCRATCH_DIR',
} as const;
