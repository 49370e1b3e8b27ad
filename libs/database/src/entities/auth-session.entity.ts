import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Person } from './person.entity';

/**
 * A browser session. The cookie holds a random session id; this table holds only its
 * HMAC under SESSION_SECRET, so neither a database dump nor a forged cookie opens one.
 */
@Entity({ name: 'auth_session' })
@Index('auth_session_person_idx', ['personId'])
@Index('auth_session_expires_idx', ['expiresAt'])
export class AuthSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'auth_session_person_fk' })
  person?: Person;

  /** Hex HMAC-SHA256(SESSION_SECRET, session id). */
  @Column({ name: 'id_hash', type: 'text', unique: true })
  idHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** Slides forward with use, never past created_at + the absolute limit. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
