import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Person } from './person.entity';

/** Where a single sign-on session began, so that sign-out can also end it at the provider. */
export interface ExternalSessionInfo {
  protocol: 'oidc' | 'saml';
  issuer: string;
  /** OIDC: the ID token, sent back as id_token_hint to end_session_endpoint. */
  idToken?: string;
  /** SAML: NameID and SessionIndex for a LogoutRequest. */
  nameId?: string;
  nameIdFormat?: string;
  sessionIndex?: string;
}

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

  @Column({ type: 'jsonb', nullable: true })
  external!: ExternalSessionInfo | null;

  /** Slides forward with use, never past created_at + the absolute limit. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
