import { Inject, Injectable } from '@nestjs/common';
import { ExternalSessionInfo, Person, SessionRepository } from '@fullfolj/database';
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
  async create(personId: string, external: ExternalSessionInfo | null = null): Promise<string> {
    const id = newSessionId();
    await this.sessions.create(personId, hashSessionId(id, this.key), SESSION_IDLE_MS / 1000, external);
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

  /** Ends the session; returns where it began at an identity provider (for single logout), if it did. */
  async destroy(id: string): Promise<ExternalSessionInfo | null> {
    if (!isSessionIdShaped(id)) return null;
    return this.sessions.deleteByHash(hashSessionId(id, this.key));
  }

  /** Ends every session of the person; returns how many there were. */
  destroyAllOf(personId: string): Promise<number> {
    return this.sessions.deleteAllOf(personId);
  }
}
