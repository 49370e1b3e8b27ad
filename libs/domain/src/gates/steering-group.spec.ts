import { steeringGroupOf } from './steering-group';

describe('steeringGroupOf', () => {
  it('lists chair and members once each, in grant order, and nobody else', () => {
    expect(
      steeringGroupOf([
        { personId: 'o', role: 'owner' },
        { personId: 'm1', role: 'steering_member' },
        { personId: 'c', role: 'steering_chair' },
        { personId: 'm1', role: 'responsible' },
        { personId: 'c', role: 'steering_member' },
        { personId: 'r', role: 'reference' },
      ]),
    ).toEqual(['m1', 'c']);
  });
});
