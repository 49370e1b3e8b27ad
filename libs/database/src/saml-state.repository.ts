import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * What SAML sign-in must remember across API instances: the ids of AuthnRequests we sent
 * (`saml_request`, so a response's InResponseTo is ours and used once) and the ids of
 * assertions already consumed (`saml_assertion`, kept while they would be valid, so a
 * replayed assertion is refused).
 */
@Injectable()
export class SamlStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async saveRequest(id: string, ttlSeconds: number): Promise<Date> {
    const rows = await this.dataSource.query<Array<{ created: Date }>>(
      `INSERT INTO saml_request (id, expires_at) VALUES ($1, now() + make_interval(secs => $2))
       ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at
       RETURNING now() AS created`,
      [id, ttlSeconds],
    );
    return rows[0].created;
  }

  /** When the request id expires, if it is ours and not expired yet; else null. */
  async requestExpiry(id: string): Promise<Date | null> {
    const rows = await this.dataSource.query<Array<{ expires_at: Date }>>(`SELECT expires_at FROM saml_request WHERE id = $1 AND expires_at > now()`, [id]);
    return rows[0]?.expires_at ?? null;
  }

  async removeRequest(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM saml_request WHERE id = $1`, [id]);
  }

  /** Records the assertion as used; false when it was used before (a replay). Also drops expired rows. */
  async consumeAssertion(id: string, validUntil: Date): Promise<boolean> {
    await this.dataSource.query(`DELETE FROM saml_assertion WHERE expires_at < now()`);
    await this.dataSource.query(`DELETE FROM saml_request WHERE expires_at < now()`);
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO saml_assertion (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, validUntil],
    );
    return rows.length === 1;
  }
}
