import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Person } from './entities/person.entity';

export type IdentityProtocol = 'oidc' | 'saml';

/** Links from a person to their account at an OIDC or SAML identity provider (`person_identity`). */
@Injectable()
export class ExternalIdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The person linked to this issuer and subject, if any. */
  async personOf(issuer: string, subject: string): Promise<Person | null> {
    const rows = await this.dataSource.query<Array<{ person_id: string }>>(`SELECT person_id FROM person_identity WHERE issuer = $1 AND subject = $2`, [issuer, subject]);
    if (rows.length === 0) return null;
    return this.dataSource.getRepository(Person).findOneBy({ id: rows[0].person_id });
  }

  /**
   * Links the person to issuer + subject. False when the subject is already linked to
   * someone, or the person already has another subject at this issuer (the unique
   * constraints decide, so two concurrent first sign-ins cannot both link).
   */
  async link(personId: string, protocol: IdentityProtocol, issuer: string, subject: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO person_identity (person_id, protocol, issuer, subject, last_sign_in_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT DO NOTHING RETURNING id`,
      [personId, protocol, issuer, subject],
    );
    return rows.length > 0;
  }

  async touch(issuer: string, subject: string): Promise<void> {
    await this.dataSource.query(`UPDATE person_identity SET last_sign_in_at = now() WHERE issuer = $1 AND subject = $2`, [issuer, subject]);
  }

  /** The identities of one person, for the administrators' page. */
  listFor(personId: string): Promise<Array<{ protocol: IdentityProtocol; issuer: string; createdAt: Date; lastSignInAt: Date | null }>> {
    return this.dataSource.query(
      `SELECT protocol, issuer, created_at AS "createdAt", last_sign_in_at AS "lastSignInAt" FROM person_identity WHERE person_id = $1 ORDER BY created_at`,
      [personId],
    );
  }
}
