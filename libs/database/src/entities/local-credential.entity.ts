import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Person } from './person.entity';

/**
 * A person's local password, kept apart from `person` so the person can be returned and
 * serialised without it, and so single sign-on can replace it without touching people.
 */
@Entity({ name: 'local_credential' })
export class LocalCredential {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @OneToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'local_credential_person_fk' })
  person?: Person;

  /** `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64url); never the password. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
