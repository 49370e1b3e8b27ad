import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiToken } from './entities/api-token.entity';
import { recordSecurityAudit } from './security-audit.repository';

/** Bearer tokens for API clients (`api_token`), looked up only by the hash of the token. */
@Injectable()
export class ApiTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a token that expires `expiresInDays` from now, and audits it, in one transaction. */
  create(personId: string, name: string, tokenHash: string, expiresInDays: number): Promise<ApiToken> {
    return this.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO api_token (person_id, name, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4)) RETURNING id`,
        [personId, name, tokenHash, expiresInDays],
      );
      await recordSecurityAudit(manager, { action: 'api_token_created', actorPersonId: personId, subjectPersonId: personId, detail: { tokenId: id, name, expiresInDays } });
      return manager.getRepository(ApiToken).findOneByOrFail({ id });
    });
  }

  /** The person's tokens, newest first, including revoked ones. */
  listFor(personId: string): Promise<ApiToken[]> {
    return this.dataSource.getRepository(ApiToken).find({ where: { personId }, order: { createdAt: 'DESC' } });
  }

  /**
   * Revokes one of the person's tokens (a revoked one keeps its first revocation time, and
   * only the first revocation is audited); false when they have no such token.
   */
  revoke(personId: string, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ApiToken);
      if (!(await repository.findOneBy({ id, personId }))) return false;
      const [, revoked] = await manager.query<[unknown[], number]>(
        `UPDATE api_token SET revoked_at = now() WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL`,
        [id, personId],
      );
      if (revoked > 0) await recordSecurityAudit(manager, { action: 'api_token_revoked', actorPersonId: personId, subjectPersonId: personId, detail: { tokenId: id } });
      return true;
    });
  }

  /** The unrevoked, unexpired token with this hash, with its (active) person. */
  findLive(tokenHash: string): Promise<ApiToken | null> {
    return this.dataSource
      .getRepository(ApiToken)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.person', 'p')
      .where('t.tokenHash = :hash', { hash: tokenHash })
      .andWhere('t.revokedAt IS NULL')
      .andWhere('t.expiresAt > now()')
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
