import { messageIdFor } from './message-id';

describe('messageIdFor', () => {
  it('is the same for the same key, so a resend is recognisable', () => {
    expect(messageIdFor('p1:a1:r2:u9', 'Fullfölj <no-reply@kommun.se>')).toBe(messageIdFor('p1:a1:r2:u9', 'Fullfölj <no-reply@kommun.se>'));
  });

  it('differs between keys and uses the sender domain', () => {
    const a = messageIdFor('p1:a1:r1:u9', 'no-reply@kommun.se');
    const b = messageIdFor('p1:a1:r2:u9', 'no-reply@kommun.se');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^<[0-9a-f]{40}@kommun\.se>$/);
  });
});
