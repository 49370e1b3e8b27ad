import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed password checks per account and per client address, shared by every API instance.
 * Keys are hashes (no e-mail or IP address stored); a row counts attempts in a fixed window
 * that starts at the first one and ends at window_ends_at.
 */
export class SignInThrottle1764800000000 implements MigrationInterface {
  name = 'SignInThrottle1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_throttle (
        key text NOT NULL,
        failures integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        CONSTRAINT sign_in_throttle_pk PRIMARY KEY (key)
      )`);
    // Expired rows are swept by window end.
    await q.query(`CREATE INDEX sign_in_throttle_window_ends_at ON sign_in_throttle (window_ends_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_throttle`);
  }
}
