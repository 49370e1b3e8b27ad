import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { type Principal, webLinks } from '@fullfolj/contracts';
import { LifecycleVia, OrphanedItemRow, Person, PersonLifecycleRepository } from '@fullfolj/database';
import { MailItemKind, renderMail } from '@fullfolj/mail';
import { CodedException } from '../common/api-error';
import { OutgoingMailService } from '../outgoing-mail/outgoing-mail.service';

/** Who acts: an administrator (their principal) or the identity provider over SCIM (null). */
export type LifecycleActor = Pick<Principal, 'personId'> | null;

/**
 * Deactivation and reactivation of a person, the same for an administrator and for SCIM.
 * Deactivation ends every session and token in one transaction (the repository), then tells
 * each programme owner once which of the person's open items need a new responsible.
 */
@Injectable()
export class PersonLifecycleService {
  private readonly logger = new Logger(PersonLifecycleService.name);

  constructor(
    private readonly lifecycle: PersonLifecycleRepository,
    private readonly mail: OutgoingMailService,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** 404 unknown; 409 `cannot_deactivate_self` or `last_admin`. Deactivating an inactive person only re-sends what a crash may have kept back. */
  async deactivate(personId: string, actor: LifecycleActor, via: LifecycleVia): Promise<Person> {
    if (actor !== null && actor.personId === personId) throw new CodedException(409, 'cannot_deactivate_self', 'You cannot deactivate yourself');
    const result = await this.lifecycle.deactivate(personId, actor?.personId ?? null, via);
    if (result.outcome === 'not_found') throw new NotFoundException('No person with this id');
    if (result.outcome === 'last_admin') throw new CodedException(409, 'last_admin', 'This is the last active administrator');
    // Also when already inactive: the mail keys hold deactivated_at, so a retry sends only what is missing.
    await this.mailOwners(result.person);
    return result.person;
  }

  async reactivate(personId: string, actor: LifecycleActor, via: LifecycleVia): Promise<Person> {
    const person = await this.lifecycle.reactivate(personId, actor?.personId ?? null, via);
    if (!person) throw new NotFoundException('No person with this id');
    if (person === 'erased') throw new CodedException(409, 'erased', 'This person has been erased; the account cannot be reactivated');
    return person;
  }

  /** One orphaned-items mail per owner, keyed by ids and the deactivation time only (no personal data). */
  private async mailOwners(person: Person): Promise<void> {
    if (person.deactivatedAt === null) return;
    const items = await this.lifecycle.orphanedItems(person.id);
    const links = webLinks(this.config.api.baseUrl);
    const byOwner = new Map<string, OrphanedItemRow[]>();
    for (const item of items) byOwner.set(item.ownerId, [...(byOwner.get(item.ownerId) ?? []), item]);
    for (const [ownerId, owned] of byOwner) {
      const owner = owned[0];
      const rendered = renderMail('orphaned-items', owner.ownerLanguage, {
        recipientName: owner.ownerName,
        link: links.programmes(),
        personName: person.name,
        items: owned.map((i) => ({
          programmeName: i.programmeName,
          title: i.title,
          kind: i.kind as MailItemKind,
          dueDate: i.dueDate,
          link: links.programme(i.programmeId),
        })),
      });
      const key = `orphaned:${person.id}:${person.deactivatedAt.getTime()}:${ownerId}`;
      await this.mail.send({ key, to: owner.ownerEmail, subject: rendered.subject, text: rendered.text, html: rendered.html });
    }
    if (byOwner.size > 0) this.logger.log(`told ${byOwner.size} owner(s) about ${items.length} item(s) needing a new responsible`);
  }
}
