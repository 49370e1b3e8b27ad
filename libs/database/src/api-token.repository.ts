import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiToken } from './entities/api-token.entity';

/** Bearer tokens for API clients (`api_token`), looked up only by the hash of the token. */
@Injectable()
export class ApiTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  create(personId: string, name: string, tokenHash: string): Promise<ApiToken> {
    const repository = this.dataSource.getRepository(ApiToken);
    return repository.save(repository.create({ personId, name, tokenHash }));
  }

  /** The person's tokens, newest first, including revoked ones. */
  listFor(personId: string): Promise<ApiToken[]> {
    return this.dataSource.getRepository(ApiToken).find({ where: { personId }, order: { createdAt: 'DESC' } });
  }

  /** Revokes one of the person's tokens (a revoked one keeps its first revocation time); false when they have no such token. */
  async revoke(personId: string, id: string): Promise<boolean> {
    const repository = this.dataSource.getRepository(ApiToken);
    if (!(await repository.findOneBy({ id, personId }))) return false;
    await repository.update({ id, personId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return true;
  }

  /** The unrevoked token with this hash, with its person. */
  findLive(tokenHash: string): Promise<ApiToken | null> {
    return this.dataSource
      .getRepository(ApiToken)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.person', 'p')
      .where('t.tokenHash = :hash', { hash: tokenHash })
      .andWhere('t.revokedAt IS NULL')
      .andWhere('p.active')
      .getOne();
  }

  /** Records use, unless it was recorded less than `intervalSeconds` ago. */
  async touch(id: string, intervalSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_token SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
      [id, intervalSeconds],
    );
  }
}
