import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * Every e-mail Fullfölj intends to send, before it is sent. The unique `key` makes
 * enqueueing idempotent; the deterministic `messageId` lets a resend after a crash be
 * recognised as the same message.
 */
@Entity({ name: 'mail_outbox' })
@Index('mail_outbox_pending_idx', ['status', 'createdAt'], { where: `"status" <> 'sent'` })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Business key of the intended message, e.g. programme:item:reminder:recipient. */
  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'message_id', type: 'text', unique: true })
  messageId!: string;

  @Column({ name: 'to_address', type: 'text' })
  to!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  text!: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  html!: string | null;

  /** iTIP method of the calendar event the message carries (REQUEST, CANCEL), if any. */
  @Column({ name: 'ical_method', type: 'text', nullable: true })
  icalMethod!: string | null;

  /** The .ics text of that event, sent as nodemailer's `icalEvent`. */
  @Column({ name: 'ical_content', type: 'text', nullable: true })
  icalContent!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The SMTP reply code of the last failure (4xx while retried, 5xx when refused for good). */
  @Column({ name: 'smtp_code', type: 'smallint', nullable: true })
  smtpCode!: number | null;

  /** When the SMTP server refused it for good (status failed). */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
