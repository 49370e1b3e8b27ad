import { Inject, Injectable } from '@nestjs/common';
import { Person, SessionRepository } from '@fullfolj/database';
import { hashSessionId, isSessionIdShaped, newSessionId } from './secrets';

/** Injection token of the key that session ids are hashed with (SESSION_SECRET or its dev default). */
export const SESSION_KEY = Symbol('SESSION_KEY');

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and at the latest this long after sign-in. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Use moves the idle deadline forward at most this often (saves a write per request). */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Browser sessions, kept in PostgreSQL (table auth_session) so they survive restarts and
 * are shared by every API process. The cookie carries a random id; the table only its
 * HMAC, so sign-out, expiry and "end all sessions of this person" are plain SQL.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    @Inject(SESSION_KEY) private readonly key: string,
  ) {}

  /** Starts a session and returns the id to put in the cookie (shown nowhere else). */
  async create(personId: string): Promise<string> {
    const id = newSessionId();
    await this.sessions.create(personId, hashSessionId(id, this.key), SESSION_IDLE_MS / 1000);
    // Housekeeping on the rare path: sign-in.
    await this.sessions.deleteExpired();
    return id;
  }

  /** The person of a live session, moving its idle deadline forward; null if unknown or expired. */
  async resolve(id: string): Promise<Person | null> {
    if (!isSessionIdShaped(id)) return null;
    const session = await this.sessions.findLive(hashSessionId(id, this.key));
    if (!session?.person) return null;
    if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.sessions.touch(session.id, SESSION_IDLE_MS / 1000, SESSION_MAX_MS / 1000);
    }
    return session.person;
  }

  async destroy(id: string): Promise<void> {
    if (!isSessionIdShaped(id)) return;
    await this.sessions.deleteByHash(hashSessionId(id, this.key));
  }
}
