import { Injectable } from '@nestjs/common';
import type { ExternalIdentityPolicy } from '@fullfolj/config';
import type { PersonRight } from '@fullfolj/contracts';
import { ExternalIdentityRepository, IdentityProtocol, isUniqueViolation, PeopleRepository, Person, PERSON_EMAIL_UNIQUE, SecurityAuditRepository } from '@fullfolj/database';

/** What an identity provider asserted about the person, after the protocol checked it. */
export interface ExternalProfile {
  protocol: IdentityProtocol;
  /** The provider's issuer (OIDC `iss`) or entity id (SAML). */
  issuer: string;
  /** The provider's stable id of the person (OIDC `sub`, SAML NameID). */
  subject: string;
  email?: string;
  /** Only a verified e-mail may link an existing person at first sign-in. */
  emailVerified: boolean;
  name?: string;
  /** Group or role names from the claim/attribute the policy names; undefined when absent. */
  groups?: string[];
}

export type ExternalSignInRefusal =
  /** No linked or matching person, and the provider may not create people. */
  | 'unknown_person'
  /** The person exists but is deactivated. */
  | 'deactivated'
  /** A new person would be created, but the provider sent no usable e-mail. */
  | 'email_missing'
  /** The e-mail belongs to a person already linked to another subject at this provider. */
  | 'identity_conflict';

export type ExternalSignInResult = { ok: true; person: Person; created: boolean } | { ok: false; reason: ExternalSignInRefusal };

/**
 * The one rule for turning an identity provider's answer into a Fullfölj person, shared by
 * OIDC and SAML: linked by issuer + subject; at first sign-in matched by verified e-mail;
 * created only when the policy allows; rights follow the provider's groups where mapped.
 * The caller starts the session; this only decides who it is for.
 */
@Injectable()
export class ExternalSignInService {
  constructor(
    private readonly people: PeopleRepository,
    private readonly identities: ExternalIdentityRepository,
    private readonly audit: SecurityAuditRepository,
  ) {}

  async signIn(profile: ExternalProfile, policy: ExternalIdentityPolicy): Promise<ExternalSignInResult> {
    const found = await this.findOrLink(profile, policy);
    if (!found.ok) {
      await this.audit.record({ action: 'sign_in_refused', detail: { protocol: profile.protocol, issuer: profile.issuer, reason: found.reason } });
      return found;
    }
    let person = found.person;
    if (!person.active) {
      await this.audit.record({ action: 'sign_in_refused', subjectPersonId: person.id, detail: { protocol: profile.protocol, issuer: profile.issuer, reason: 'deactivated' } });
      return { ok: false, reason: 'deactivated' };
    }
    const rights = rightsFromGroups(profile.groups, policy);
    if (Object.keys(rights).length > 0) person = (await this.people.setRights(person.id, rights, null, profile.protocol)) ?? person;
    await this.identities.touch(profile.issuer, profile.subject);
    await this.audit.record({ action: 'sign_in', subjectPersonId: person.id, detail: { protocol: profile.protocol, issuer: profile.issuer } });
    return { ok: true, person, created: found.created };
  }

  private async findOrLink(profile: ExternalProfile, policy: ExternalIdentityPolicy): Promise<ExternalSignInResult> {
    const linked = await this.identities.personOf(profile.issuer, profile.subject);
    if (linked) return { ok: true, person: linked, created: false };

    const email = profile.email?.trim();
    const byEmail = email && profile.emailVerified ? await this.people.findByEmail(email) : null;
    if (byEmail) return this.linkTo(byEmail, profile, false);

    if (!policy.autoCreate) return { ok: false, reason: 'unknown_person' };
    if (!email || !profile.emailVerified || !/^[^@\s]+@[^@\s]+$/.test(email)) return { ok: false, reason: 'email_missing' };
    let created: Person;
    try {
      created = await this.people.create({ name: profile.name?.trim() || email.split('@')[0], email });
    } catch (error) {
      // A concurrent first sign-in of the same person created them first.
      if (!isUniqueViolation(error, PERSON_EMAIL_UNIQUE)) throw error;
      const existing = await this.people.findByEmail(email);
      if (!existing) throw error;
      return this.linkTo(existing, profile, false);
    }
    await this.audit.record({ action: 'person_created', subjectPersonId: created.id, detail: { via: profile.protocol, issuer: profile.issuer } });
    return this.linkTo(created, profile, true);
  }

  private async linkTo(person: Person, profile: ExternalProfile, created: boolean): Promise<ExternalSignInResult> {
    if (await this.identities.link(person.id, profile.protocol, profile.issuer, profile.subject)) {
      await this.audit.record({ action: 'identity_linked', subjectPersonId: person.id, detail: { protocol: profile.protocol, issuer: profile.issuer } });
      return { ok: true, person, created };
    }
    // Lost a race for the same subject (fine), or the person has another subject here (refused).
    const winner = await this.identities.personOf(profile.issuer, profile.subject);
    return winner ? { ok: true, person: winner, created: false } : { ok: false, reason: 'identity_conflict' };
  }
}

/** Rights the provider's groups decide; only rights with a non-empty group list are touched. */
export function rightsFromGroups(groups: readonly string[] | undefined, policy: ExternalIdentityPolicy): Partial<Record<PersonRight, boolean>> {
  if (policy.groupsClaim === undefined || groups === undefined) return {};
  const member = (wanted: readonly string[]) => wanted.some((g) => groups.includes(g));
  const rights: Partial<Record<PersonRight, boolean>> = {};
  if (policy.ownerGroups.length > 0) rights.canOwnProgrammes = member(policy.ownerGroups);
  if (policy.adminGroups.length > 0) rights.isAdmin = member(policy.adminGroups);
  return rights;
}
