import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Principal } from '@fullfolj/contracts';
import { PersonalDataExport, PersonalDataRepository } from '@fullfolj/database';
import { CodedException } from '../common/api-error';
import { PersonLifecycleService } from '../people/person-lifecycle.service';
import { ErasureView } from './personal-data.dto';

/** A signed item link (`…/l/<token>`) acts without sign-in; an export file must not carry one. */
const SIGNED_LINK = /\/l\/[A-Za-z0-9._~-]+/g;

/** Export (GDPR art. 15 and 20) and erasure (art. 17) of one person's data. */
@Injectable()
export class PersonalDataService {
  private readonly logger = new Logger(PersonalDataService.name);

  constructor(
    private readonly repository: PersonalDataRepository,
    private readonly lifecycle: PersonLifecycleService,
  ) {}

  /** Everything held about the person, audited as an export by `actor`; 404 when there is no such person. */
  async export(personId: string, actor: Principal): Promise<PersonalDataExport & { exportedAt: string }> {
    const data = await this.repository.exportFor(personId, actor.personId);
    if (!data) throw new NotFoundException('No person with this id');
    return {
      exportedAt: new Date().toISOString(),
      ...data,
      mail: data.mail.map((m) => ({ ...m, text: m.text.replace(SIGNED_LINK, '/l/[borttagen]') })),
    };
  }

  /** 404 unknown; 409 `cannot_erase_self`, `already_erased` or `last_admin`. */
  async erase(personId: string, actor: Principal, reason: string): Promise<ErasureView> {
    if (actor.personId === personId) throw new CodedException(409, 'cannot_erase_self', 'You cannot erase yourself');
    const result = await this.repository.erase(personId, actor.personId, reason.trim());
    switch (result.outcome) {
      case 'not_found':
        throw new NotFoundException('No person with this id');
      case 'already_erased':
        throw new CodedException(409, 'already_erased', 'This person has already been erased');
      case 'last_admin':
        throw new CodedException(409, 'last_admin', 'This is the last active administrator');
      case 'erased':
        // As after any deactivation, owners of the person's open items are told once (now by the pseudonym).
        await this.lifecycle.deactivate(personId, actor, 'admin').catch((error: unknown) => {
          this.logger.warn(`erased, but the owners' notice failed: ${error instanceof Error ? error.message : String(error)}`);
        });
        return { personId, pseudonym: result.pseudonym, sessionsEnded: result.sessionsEnded, tokensRevoked: result.tokensRevoked, mailRewritten: result.mailRewritten };
    }
  }
}
