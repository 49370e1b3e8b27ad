import type { ExternalIdentityPolicy } from '@fullfolj/config';
import { rightsFromGroups } from './external-sign-in.service';

const policy = (p: Partial<ExternalIdentityPolicy>): ExternalIdentityPolicy => ({ autoCreate: false, ownerGroups: [], adminGroups: [], ...p });

describe('rights from identity provider groups', () => {
  it('touches no right when no groups claim is configured or the provider sent none', () => {
    expect(rightsFromGroups(['g-it'], policy({ adminGroups: ['g-it'] }))).toEqual({});
    expect(rightsFromGroups(undefined, policy({ groupsClaim: 'groups', adminGroups: ['g-it'] }))).toEqual({});
  });

  it('grants a right to members of a mapped group and withdraws it from others', () => {
    const p = policy({ groupsClaim: 'groups', ownerGroups: ['g-owners', 'g-chefer'], adminGroups: ['g-it'] });
    expect(rightsFromGroups(['g-chefer'], p)).toEqual({ canOwnProgrammes: true, isAdmin: false });
    expect(rightsFromGroups(['g-it', 'g-owners'], p)).toEqual({ canOwnProgrammes: true, isAdmin: true });
    expect(rightsFromGroups([], p)).toEqual({ canOwnProgrammes: false, isAdmin: false });
  });

  it('leaves a right alone when its group list is empty, so administrators may still grant it by hand', () => {
    expect(rightsFromGroups(['g-owners'], policy({ groupsClaim: 'groups', ownerGroups: ['g-owners'] }))).toEqual({ canOwnProgrammes: true });
  });
});
