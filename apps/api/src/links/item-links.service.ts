import { ConflictException, ForbiddenException, GoneException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { programmeUpdates, workflowIds } from '@fullfolj/contracts';
import { LinkedItemRow, ProgrammeReadRepository } from '@fullfolj/database';
import { ItemLink, verifyItemLink } from '@fullfolj/mail';
import { invalidField } from '../common/api-error';
import { viaTemporal } from '../programmes/temporal-errors';
import { TemporalCalls } from '../temporal/temporal-calls';

/** Injection token of the key item links are signed with (LINK_SIGNING_SECRET or its dev default). */
export const LINK_SIGNING_KEY = Symbol('LINK_SIGNING_KEY');

/** What a signed link shows: one item, for the person the link was made for. */
export interface LinkedItemView {
  itemId: string;
  kind: string;
  title: string;
  description: string | null;
  expectedEffect: string | null;
  programme: { id: string; name: string };
  dueDate: string;
  originalDueDate: string;
  status: string;
  comment: string | null;
  done: boolean;
  completedAt: string | null;
  responsible: { id: string; name: string };
  /** When this link stops working. */
  linkExpiresAt: string;
}

/**
 * The signed links in reminder e-mail. The token is the credential: it names one item and
 * one person, and grants only that item, to that person, while they are responsible for it.
 * Acts go to the programme's workflow as the same update the programme API sends.
 */
@Injectable()
export class ItemLinks {
  constructor(
    @Inject(LINK_SIGNING_KEY) private readonly key: string,
    private readonly programmes: ProgrammeReadRepository,
    private readonly temporal: TemporalCalls,
  ) {}

  async view(token: string): Promise<LinkedItemView> {
    const link = this.verify(token);
    return toView(await this.item(link), link);
  }

  async complete(token: string, comment: string | undefined): Promise<LinkedItemView> {
    const link = this.verify(token);
    const item = await this.item(link);
    if (item.programmeStatus === 'completed') throw new ConflictException('the programme is completed');
    const updateId = this.temporal.derivedId(`${programmeUpdates.complete.name}\n${link.personId}`);
    const updated = await viaTemporal(() =>
      this.temporal.run({ kind: 'act', retrySafe: updateId !== undefined }, (client) =>
        client.workflow
          .getHandle(workflowIds.programme(item.programmeId))
          .executeUpdate(programmeUpdates.complete, { args: [{ actorId: link.personId, assignmentId: link.itemId, comment }], updateId }),
      ),
    );
    return toView({ ...item, status: updated.status, comment: updated.comment, completedAt: updated.completedAt }, link);
  }

  /** 400 for something that is not a token, 404 for a wrong signature (we do not say more), 410 when expired. */
  private verify(token: string): ItemLink {
    const check = verifyItemLink(token, this.key);
    if (check.ok) return check.link;
    switch (check.reason) {
      case 'malformed':
        throw invalidField('token', 'is not a link from Fullfölj');
      case 'bad_signature':
        throw new NotFoundException('no such link');
      case 'expired':
        throw new GoneException('the link has expired; sign in to Fullfölj to open the item');
    }
  }

  private async item(link: ItemLink): Promise<LinkedItemRow> {
    const row = await this.programmes.linkedItem(link.itemId);
    if (!row) throw new NotFoundException('no such link');
    if (row.responsibleId !== link.personId) {
      throw new ForbiddenException('this link was for the person responsible then; someone else is responsible for the item now');
    }
    return row;
  }
}

function toView(row: LinkedItemRow, link: ItemLink): LinkedItemView {
  return {
    itemId: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    expectedEffect: row.expectedEffect,
    programme: { id: row.programmeId, name: row.programmeName },
    dueDate: row.dueDate,
    originalDueDate: row.originalDueDate,
    status: row.status,
    comment: row.comment,
    done: row.status === 'done' || row.completedAt !== null,
    completedAt: row.completedAt,
    responsible: { id: row.responsibleId!, name: row.responsibleName ?? '' },
    linkExpiresAt: link.expiresAt.toISOString(),
  };
}
