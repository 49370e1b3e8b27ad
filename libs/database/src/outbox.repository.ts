import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxMessage } from './entities/outbox-message.entity';

export interface NewOutboxMessage {
  key: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** A calendar event (meeting invitation, update, cancellation): both or neither. */
  icalMethod?: string | null;
  icalContent?: string | null;
}

/** Why a send failed: the SMTP reply code (null when the server did not answer) and its text. */
export interface SendFailure {
  code: number | null;
  text: string;
}

/** What a programme's mail is about, from the outbox key (gate:, meeting:, item:<id>:handover:, item:). */
export type RefusedMailKind = 'meeting' | 'gate' | 'handover' | 'reminder';

/** A message the SMTP server refused for good: to whom, about what, when, and what it said. */
export interface RefusedMail {
  id: string;
  personId: string | null;
  name: string | null;
  address: string;
  subject: string;
  kind: RefusedMailKind;
  failedAt: string;
  smtpCode: number;
  smtpText: string;
}

/** The mail outbox. Each method is one statement, so each is atomic on its own. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the message unless its key is already there; returns the stored row either way. */
  async enqueue(message: NewOutboxMessage): Promise<OutboxMessage> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({ ...message, html: message.html ?? null, icalMethod: message.icalMethod ?? null, icalContent: message.icalContent ?? null })
      .orIgnore()
      .execute();
    return this.dataSource.getRepository(OutboxMessage).findOneByOrFail({ key: message.key });
  }

  findByKey(key: string): Promise<OutboxMessage | null> {
    return this.dataSource.getRepository(OutboxMessage).findOneBy({ key });
  }

  /**
   * Sends a pending message so that the only work between the SMTP server's acceptance and
   * the durable "sent" mark is writing COMMIT to the database connection: the row is locked
   * (a second attempt at the same key waits, then finds it sent), marked sent inside an open
   * transaction, then `send` runs, and the transaction commits as soon as it resolves. If
   * `send` throws, or the process dies, the transaction rolls back and the row stays pending.
   * Returns the row as it was, and whether this call sent it; null if there is no such key.
   */
  async sendPending(key: string, send: (message: OutboxMessage) => Promise<void>): Promise<{ message: OutboxMessage; sentNow: boolean } | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let open = false;
    try {
      await runner.startTransaction();
      open = true;
      // A lock held by a process that cannot answer (a network partition) is not waited on for ever.
      await runner.query(`SET LOCAL lock_timeout = '15s'`);
      const message = await runner.manager
        .getRepository(OutboxMessage)
        .createQueryBuilder('m')
        .setLock('pessimistic_write')
        .where('m.key = :key', { key })
        .getOne();
      if (!message || message.status !== 'pending') {
        await runner.commitTransaction();
        open = false;
        return message ? { message, sentNow: false } : null;
      }
      await runner.query(
        `UPDATE mail_outbox SET status = 'sent', sent_at = now(), updated_at = now(), attempts = attempts + 1, last_error = NULL, smtp_code = NULL WHERE key = $1`,
        [key],
      );
      await send(message);
      open = false;
      await runner.commitTransaction();
      return { message, sentNow: true };
    } catch (error) {
      if (open) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** What waits to be sent, for the metrics scrape: one statement over mail_outbox_pending_idx. */
  async pendingSummary(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row] = await this.dataSource.query<Array<{ pending: string; oldest: string | null }>>(
      `SELECT count(*) AS pending, EXTRACT(EPOCH FROM now() - min(created_at)) AS oldest FROM mail_outbox WHERE status = 'pending'`,
    );
    return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: row?.oldest == null ? 0 : Math.max(0, Number(row.oldest)) };
  }

  async markSent(key: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET status = 'sent', sent_at = now(), updated_at = now(), attempts = attempts + 1, last_error = NULL, smtp_code = NULL
        WHERE key = $1 AND status <> 'sent'`,
      [key],
    );
  }

  /** Records why a send failed; the message stays pending and will be retried. */
  async recordFailure(key: string, failure: SendFailure): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, smtp_code = $3, updated_at = now() WHERE key = $1 AND status = 'pending'`,
      [key, failure.text.slice(0, 2000), failure.code],
    );
  }

  /** A permanent refusal: the message will not be retried; the reply code and text stay on the row. */
  async markFailed(key: string, failure: SendFailure): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, last_error = $2, smtp_code = $3, failed_at = now(), updated_at = now()
        WHERE key = $1 AND status = 'pending'`,
      [key, failure.text.slice(0, 2000), failure.code],
    );
  }

  /**
   * "Mail that did not reach people" in one programme: refused for good by the SMTP server,
   * newest first. A programme's mail is known by its key (as in personal-data erasure):
   * gate:<programme>:…, meeting:<programme>:…, item:<assignment>:…; each ends in the
   * recipient's person id. Only refusals (failed_at set by markFailed): an erased recipient's
   * mail, failed by the erasure, is left out.
   */
  async refusedForProgramme(programmeId: string): Promise<RefusedMail[]> {
    const rows = await this.dataSource.query<
      Array<{ id: string; person_id: string | null; name: string | null; to_address: string; subject: string; kind: RefusedMailKind; failed_at: Date; smtp_code: number; last_error: string | null }>
    >(
      `SELECT m.id, p.id AS person_id, p.name, m.to_address, m.subject, m.failed_at, m.smtp_code, m.last_error,
              CASE WHEN m.key LIKE 'meeting:%' THEN 'meeting' WHEN m.key LIKE 'gate:%' THEN 'gate'
                   WHEN m.key LIKE 'item:%:handover:%' THEN 'handover' ELSE 'reminder' END AS kind
         FROM mail_outbox m
         LEFT JOIN person p ON p.id::text = substring(m.key FROM '[^:]+$')
        WHERE m.status = 'failed' AND m.smtp_code IS NOT NULL AND m.failed_at IS NOT NULL
          AND (m.key LIKE 'gate:' || $1::text || ':%' OR m.key LIKE 'meeting:' || $1::text || ':%'
               OR (m.key LIKE 'item:%' AND EXISTS (SELECT 1 FROM assignment a WHERE a.programme_id = $1::uuid AND a.id::text = split_part(m.key, ':', 2))))
        ORDER BY m.failed_at DESC, m.id`,
      [programmeId],
    );
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      name: r.name,
      address: r.to_address,
      subject: r.subject,
      kind: r.kind,
      failedAt: new Date(r.failed_at).toISOString(),
      smtpCode: Number(r.smtp_code),
      smtpText: r.last_error ?? '',
    }));
  }
}
