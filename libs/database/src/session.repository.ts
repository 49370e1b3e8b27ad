import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthSession } from './entities/auth-session.entity';

/** Browser sessions (`auth_session`), looked up only by the HMAC of their id. */
@Injectable()
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a session that ends after `idleSeconds` without use. */
  async create(personId: string, idHash: string, idleSeconds: number): Promise<void> {
    await this.dataSource.query(`INSERT INTO auth_session (person_id, id_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
      personId,
      idHash,
      idleSeconds,
    ]);
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

  async deleteByHash(idHash: string): Promise<void> {
    await this.dataSource.getRepository(AuthSession).delete({ idHash });
  }
}
