import { Injectable, NotFoundException } from '@nestjs/common';
import type { PersonRight, Principal } from '@fullfolj/contracts';
import { LastAdministratorError, PeopleRepository, Person, SecurityAuditRepository, SecurityLogRow } from '@fullfolj/database';
import { FieldConflictException } from '../common/api-error';

/** An administrator's acts on rights, and the security log they read. */
@Injectable()
export class AdminRightsService {
  constructor(
    private readonly people: PeopleRepository,
    private readonly audit: SecurityAuditRepository,
  ) {}

  /** Sets the rights given (audited per change); 404 unknown person; 409 `last_admin`. */
  async setRights(administrator: Principal, personId: string, rights: Partial<Record<PersonRight, boolean>>): Promise<Person> {
    try {
      const person = await this.people.setRights(personId, rights, administrator.personId, 'admin');
      if (!person) throw new NotFoundException('No person with this id');
      return person;
    } catch (error) {
      if (error instanceof LastAdministratorError) throw new FieldConflictException('isAdmin', 'cannot be taken from the last active administrator', 'last_admin');
      throw error;
    }
  }

  securityLog(options: { personId?: string; limit: number }): Promise<SecurityLogRow[]> {
    return this.audit.list(options);
  }
}
