import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthSession, ExternalSessionInfo } from './entities/auth-session.entity';

/** Browser sessions (`auth_session`), looked up only by the HMAC of their id. */
@Injectable()
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a session that ends after `idleSeconds` without use. */
  async create(personId: string, idHash: string, idleSeconds: number, external: ExternalSessionInfo | null = null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO auth_session (person_id, id_hash, expires_at, external) VALUES ($1, $2, now() + make_interval(secs => $3), $4)`,
      [personId, idHash, idleSeconds, external === null ? null : JSON.stringify(external)],
    );
  }

  async deleteExpired(): Promise<void> {
    await this.dataSource.getRepository(AuthSession).createQueryBuilder().delete().where('expires_at < now()').execute();
  }

  /** The unexpired session with this id hash, with its person. */
  findLive(idHash: string): Promise<AuthSession | null> {
    return this.dataSource
      .getRepository(AuthSession)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.person', 'p')
      .where('s.idHash = :hash', { hash: idHash })
      .andWhere('s.expiresAt > now()')
      .andWhere('p.active') // a deactivated person's sessions are deleted too; this covers the race
      .getOne();
  }

  /** Records use: the idle deadline moves forward, never past `maxSeconds` after sign-in. */
  async touch(id: string, idleSeconds: number, maxSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE auth_session
          SET last_seen_at = now(),
              expires_at = LEAST(now() + make_interval(secs => $2), created_at + make_interval(secs => $3))
        WHERE id = $1`,
      [id, idleSeconds, maxSeconds],
    );
  }

  /** Ends every session of the person ("sign out everywhere", deactivation); returns how many. */
  async deleteAllOf(personId: string): Promise<number> {
    const result = await this.dataSource.getRepository(AuthSession).delete({ personId });
    return result.affected ?? 0;
  }

  /** Ends the session; returns where it began at an identity provider, if it did. */
  async deleteByHash(idHash: string): Promise<ExternalSessionInfo | null> {
    const rows = await this.dataSource.query<[Array<{ external: ExternalSessionInfo | null }>, number]>(
      `DELETE FROM auth_session WHERE id_hash = $1 RETURNING external`,
      [idHash],
    );
    return rows[0]?.[0]?.external ?? null;
  }
}
