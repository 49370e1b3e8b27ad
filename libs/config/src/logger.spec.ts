import { maskLinkTokens } from './logger';

describe('maskLinkTokens', () => {
  it("masks the token where /l/<token> redirects to, the web app's link route", () => {
    expect(maskLinkTokens('/#/links/AAAA.BBBB')).toBe('/#/links/***');
    expect(maskLinkTokens('/#/links/AAAA.BBBB?x=1')).toBe('/#/links/***?x=1');
    expect(maskLinkTokens('/#/programmes/abc')).toBe('/#/programmes/abc');
  });
});
