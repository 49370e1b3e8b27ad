import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { type Principal, webLinks } from '@fullfolj/contracts';
import { LocalAccountRepository, PeopleRepository } from '@fullfolj/database';
import { renderMail } from '@fullfolj/mail';
import { CodedException, invalidField } from '../common/api-error';
import { OutgoingMailService } from '../outgoing-mail/outgoing-mail.service';
import { hashPassword, verifyPassword } from './passwords';
import { hashSessionId } from './secrets';
import { SESSION_KEY } from './sessions.service';

/** A reset link works this long (and once). */
export const PASSWORD_RESET_VALID_HOURS = 24;

/**
 * Hashed like API tokens: 256 random bits cannot be guessed, so an unkeyed SHA-256 is enough,
 * and a leaked password_reset table lets no one in.
 */
const hashResetToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A person's own acts on their local account (password change, sign out everywhere, using a
 * reset link) and an administrator's reset. The database side of each act, with its audit
 * entry, is one transaction in LocalAccountRepository.
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly accounts: LocalAccountRepository,
    private readonly people: PeopleRepository,
    private readonly mail: OutgoingMailService,
    @Inject(SESSION_KEY) private readonly sessionKey: string,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * Checks the current password and sets the new one; every other session of the person
   * ends (a thief's session too), the one in `sessionId` stays. 409 `no_local_password` for
   * a person who signs in only through single sign-on; 400 `wrong_password`.
   */
  async changePassword(principal: Principal, sessionId: string | undefined, currentPassword: string, newPassword: string): Promise<void> {
    const stored = await this.people.passwordHashOf(principal.personId);
    if (stored === null) throw noLocalPassword();
    if (!(await verifyPassword(currentPassword, stored))) throw invalidField('currentPassword', 'is not your current password', 'wrong_password');
    // Hash before the transaction opens: scrypt takes a while.
    const passwordHash = await hashPassword(newPassword);
    // Called with an API token there is no "this session" to keep.
    const keep = principal.via === 'session' && sessionId ? hashSessionId(sessionId, this.sessionKey) : null;
    if (!(await this.accounts.changePassword(principal.personId, passwordHash, keep))) throw noLocalPassword();
  }

  /** Ends every session of the person, including the caller's; returns how many. */
  signOutEverywhere(personId: string): Promise<number> {
    return this.accounts.signOutEverywhere(personId);
  }

  /**
   * An administrator's reset: a single-use link, valid PASSWORD_RESET_VALID_HOURS, mailed to
   * the person. The token exists only in that mail; the administrator gets the expiry.
   */
  async requestReset(administrator: Principal, personId: string): Promise<Date> {
    const person = await this.people.findById(personId);
    if (!person) throw new NotFoundException('No person with this id');
    if (!person.active) throw new CodedException(409, 'person_deactivated', 'This person is deactivated; reactivate them first');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = await this.accounts.createPasswordReset(hashResetToken(token), person.id, administrator.personId, PASSWORD_RESET_VALID_HOURS * 3600);
    // In the fragment: browsers never send it to a server, so it stays out of access logs.
    const link = webLinks(this.config.api.baseUrl).passwordReset(token);
    const mail = renderMail('password-reset', person.language, {
      recipientName: person.name,
      link,
      requestedByName: administrator.name,
      validHours: PASSWORD_RESET_VALID_HOURS,
    });
    // Ids only in the key (it becomes a workflow id); one key per request, so a new reset mails again.
    await this.mail.send({ key: `password-reset:${person.id}:${randomUUID()}`, to: person.email, subject: mail.subject, text: mail.text, html: mail.html });
    return expiresAt;
  }

  /** Uses a reset link: sets the password and ends every session. 400 `reset_link_invalid` for an unknown, used or expired link. */
  async completeReset(token: string, newPassword: string): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    const outcome = await this.accounts.completePasswordReset(hashResetToken(token), passwordHash);
    if (!outcome.ok) throw invalidField('token', 'is not a valid reset link: it is unknown, used or expired', 'reset_link_invalid');
  }
}

function noLocalPassword(): CodedException {
  return new CodedException(409, 'no_local_password', 'You sign in through your organisation and have no local password to change');
}
