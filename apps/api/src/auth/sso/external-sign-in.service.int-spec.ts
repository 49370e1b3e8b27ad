import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import type { ExternalIdentityPolicy } from '@fullfolj/config';
import { ExternalIdentityRepository, PeopleRepository, SecurityAuditRepository } from '@fullfolj/database';
import { markDeactivated, startMediumModule } from '@fullfolj/testing';
import { ExternalProfile, ExternalSignInService } from './external-sign-in.service';

describe('external sign-in (the rule OIDC and SAML share), on real PostgreSQL', () => {
  let module: TestingModule;
  let service: ExternalSignInService;
  let people: PeopleRepository;
  let identities: ExternalIdentityRepository;
  let audit: SecurityAuditRepository;
  const run = randomUUID().slice(0, 8);
  const issuer = `https://idp-${run}.kommun.example`;
  const closed: ExternalIdentityPolicy = { autoCreate: false, ownerGroups: [], adminGroups: [] };
  const profile = (p: Partial<ExternalProfile>): ExternalProfile => ({ protocol: 'oidc', issuer, subject: randomUUID(), emailVerified: true, ...p });

  beforeAll(async () => {
    module = await startMediumModule([ExternalSignInService]);
    service = module.get(ExternalSignInService);
    people = module.get(PeopleRepository);
    identities = module.get(ExternalIdentityRepository);
    audit = module.get(SecurityAuditRepository);
  });
  afterAll(() => module.close());

  it('matches an existing person by verified e-mail at first sign-in, then by subject even when the e-mail changes', async () => {
    const lars = await people.create({ name: 'Lars Berg', email: `lars.${run}@kommun.example` });
    const subject = randomUUID();
    const first = await service.signIn(profile({ subject, email: `LARS.${run}@kommun.example` }), closed);
    expect(first).toMatchObject({ ok: true, created: false, person: { id: lars.id } });
    expect(await identities.listFor(lars.id)).toEqual([expect.objectContaining({ protocol: 'oidc', issuer })]);

    const renamed = await service.signIn(profile({ subject, email: `lars.berg.${run}@annan.example` }), closed);
    expect(renamed).toMatchObject({ ok: true, person: { id: lars.id } });
    const entries = await audit.list({ subjectPersonId: lars.id });
    expect(entries.map((e) => e.action)).toEqual(['sign_in', 'sign_in', 'identity_linked']);
  });

  it('never matches by an unverified e-mail, and refuses an unknown person unless the provider may create people', async () => {
    const sofia = await people.create({ name: 'Sofia Karlsson', email: `sofia.${run}@kommun.example` });
    expect(await service.signIn(profile({ email: sofia.email, emailVerified: false }), closed)).toEqual({ ok: false, reason: 'unknown_person' });
    expect(await identities.listFor(sofia.id)).toEqual([]);

    const email = `ny.${run}@kommun.example`;
    expect(await service.signIn(profile({ email }), closed)).toEqual({ ok: false, reason: 'unknown_person' });
    expect(await people.findByEmail(email)).toBeNull();

    const created = await service.signIn(profile({ email, name: 'Nina Ny' }), { ...closed, autoCreate: true });
    expect(created).toMatchObject({ ok: true, created: true, person: { name: 'Nina Ny', email, canOwnProgrammes: false, isAdmin: false } });
    expect(await service.signIn(profile({ email: undefined }), { ...closed, autoCreate: true })).toEqual({ ok: false, reason: 'email_missing' });
  });

  it('refuses a deactivated person, and a second subject for a person already linked at this provider', async () => {
    const karin = await people.create({ name: 'Karin Holm', email: `karin.${run}@kommun.example` });
    expect(await service.signIn(profile({ email: karin.email }), closed)).toMatchObject({ ok: true });
    expect(await service.signIn(profile({ email: karin.email }), closed)).toEqual({ ok: false, reason: 'identity_conflict' });

    const subject = randomUUID();
    const erik = await people.create({ name: 'Erik Johansson', email: `erik.${run}@kommun.example` });
    expect(await service.signIn(profile({ subject, email: erik.email }), closed)).toMatchObject({ ok: true });
    await markDeactivated(module, erik.id);
    expect(await service.signIn(profile({ subject }), closed)).toEqual({ ok: false, reason: 'deactivated' });
    const [refusal] = await audit.list({ subjectPersonId: erik.id, limit: 1 });
    expect(refusal).toMatchObject({ action: 'sign_in_refused', detail: { reason: 'deactivated', protocol: 'oidc' } });
  });

  it('lets mapped groups grant and withdraw rights, auditing each change as the provider\'s', async () => {
    const policy: ExternalIdentityPolicy = { ...closed, groupsClaim: 'groups', ownerGroups: ['g-owners'], adminGroups: ['g-it'] };
    const fatima = await people.create({ name: 'Fatima Hassan', email: `fatima.${run}@kommun.example` });
    const subject = randomUUID();
    const granted = await service.signIn(profile({ subject, email: fatima.email, groups: ['g-owners', 'g-it'] }), policy);
    expect(granted).toMatchObject({ ok: true, person: { canOwnProgrammes: true, isAdmin: true } });
    const withdrawn = await service.signIn(profile({ subject, groups: ['g-owners'] }), policy);
    expect(withdrawn).toMatchObject({ ok: true, person: { canOwnProgrammes: true, isAdmin: false } });
    expect(await people.findById(fatima.id)).toMatchObject({ canOwnProgrammes: true, isAdmin: false });

    const changes = (await audit.list({ subjectPersonId: fatima.id })).filter((e) => e.action.startsWith('right_'));
    expect(changes.map((e) => [e.action, e.detail.right, e.detail.via, e.actorPersonId])).toEqual([
      ['right_revoked', 'isAdmin', 'oidc', null],
      ['right_granted', 'isAdmin', 'oidc', null],
      ['right_granted', 'canOwnProgrammes', 'oidc', null],
    ]);
  });
});
