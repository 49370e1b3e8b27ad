import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiToken, Person } from '@fullfolj/database';
import { hashApiToken, isApiTokenShaped, newApiToken } from './secrets';

/** Records last use at most this often (saves a write per request). */
const TOUCH_INTERVAL_SECONDS = 60;

/** Bearer tokens for API clients. The plain token exists only in the response that creates it. */
@Injectable()
export class ApiTokenService {
  constructor(private readonly dataSource: DataSource) {}

  async create(personId: string, name: string): Promise<{ token: string; record: ApiToken }> {
    const token = newApiToken();
    const record = await this.repository().save(this.repository().create({ personId, name, tokenHash: hashApiToken(token) }));
    return { token, record };
  }

  /** The person's tokens, newest first, including revoked ones (for the record). */
  list(personId: string): Promise<ApiToken[]> {
    return this.repository().find({ where: { personId }, order: { createdAt: 'DESC' } });
  }

  /** Revokes one of the person's own tokens; false when the person has no token with that id. */
  async revoke(personId: string, id: string): Promise<boolean> {
    const token = await this.repository().findOneBy({ id, personId });
    if (!token) return false;
    await this.repository().update({ id, personId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return true;
  }

  /** The person behind a live token; null when unknown or revoked. */
  async resolve(token: string): Promise<Person | null> {
    if (!isApiTokenShaped(token)) return null;
    const record = await this.repository()
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.person', 'p')
      .where('t.tokenHash = :hash', { hash: hashApiToken(token) })
      .andWhere('t.revokedAt IS NULL')
      .getOne();
    if (!record?.person) return null;
    await this.dataSource.query(
      `UPDATE api_token SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
      [record.id, TOUCH_INTERVAL_SECONDS],
    );
    return record.person;
  }

  private repository() {
    return this.dataSource.getRepository(ApiToken);
  }
}
