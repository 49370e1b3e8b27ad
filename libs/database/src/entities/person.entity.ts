import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language } from '@fullfolj/contracts';

/**
 * A person who uses Fullfölj (programme owners, officials, steering and reference group
 * members). Independent of how they sign in: local passwords live in `local_credential`,
 * a later single sign-on links here by e-mail.
 */
@Entity({ name: 'person' })
@Index('person_email_uq', { synchronize: false }) // UNIQUE (lower(email)), created by the migration
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** As entered; unique regardless of case (the index is on lower(email)). */
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'organisation_unit', type: 'text', nullable: true })
  organisationUnit!: string | null;

  @Column({ type: 'text', default: 'sv' })
  language!: Language;

  /** One digest e-mail a working day instead of one e-mail per reminder. */
  @Column({ name: 'reminder_digest', type: 'boolean', default: false })
  reminderDigest!: boolean;

  /** May create programmes and templates. */
  @Column({ name: 'can_own_programmes', type: 'boolean', default: false })
  canOwnProgrammes!: boolean;

  /** Administrator: manages people, their rights, single sign-on mappings and SCIM tokens. */
  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin!: boolean;

  /** False once deactivated (by an administrator or SCIM): no sign-in, no session, no token. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
