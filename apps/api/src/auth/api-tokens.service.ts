import { Injectable } from '@nestjs/common';
import { ApiToken, ApiTokenRepository, Person } from '@fullfolj/database';
import { hashApiToken, isApiTokenShaped, newApiToken } from './secrets';

/** Records last use at most this often (saves a write per request). */
const TOUCH_INTERVAL_SECONDS = 60;

/** Bearer tokens for API clients. The plain token exists only in the response that creates it. */
@Injectable()
export class ApiTokenService {
  constructor(private readonly tokens: ApiTokenRepository) {}

  /** Creates (and audits) a token that stops working `expiresInDays` from now. */
  async create(personId: string, name: string, expiresInDays: number): Promise<{ token: string; record: ApiToken }> {
    const token = newApiToken();
    const record = await this.tokens.create(personId, name, hashApiToken(token), expiresInDays);
    return { token, record };
  }

  /** The person's tokens, newest first, including revoked and expired ones (for the record). */
  list(personId: string): Promise<ApiToken[]> {
    return this.tokens.listFor(personId);
  }

  /** Revokes one of the person's own tokens; false when the person has no token with that id. */
  revoke(personId: string, id: string): Promise<boolean> {
    return this.tokens.revoke(personId, id);
  }

  /** The person behind a live token; null when unknown, revoked, expired or the person is deactivated. */
  async resolve(token: string): Promise<Person | null> {
    if (!isApiTokenShaped(token)) return null;
    const record = await this.tokens.findLive(hashApiToken(token));
    if (!record?.person) return null;
    await this.tokens.touch(record.id, TOUCH_INTERVAL_SECONDS);
    return record.person;
  }
}
