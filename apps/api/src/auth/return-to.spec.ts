import { isLocalPath, parseReturnTo } from './return-to';

describe('returnTo after sign-in', () => {
  it.each(['/', '/#/programmes/1', '/a/b?c=d', '/#/login?x=/y'])('accepts the local path %s', (p) => {
    expect(isLocalPath(p)).toBe(true);
    expect(parseReturnTo(p)).toBe(p);
  });

  it.each(['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'evil', '/\nx', ' /x'])(
    'refuses %j with return_to_not_local',
    (p) => {
      expect(isLocalPath(p)).toBe(false);
      let thrown: unknown;
      try {
        parseReturnTo(p);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeDefined();
      expect(JSON.stringify((thrown as { getResponse(): unknown }).getResponse())).toContain('return_to_not_local');
    },
  );

  it('defaults to / when absent', () => {
    expect(parseReturnTo(undefined)).toBe('/');
    expect(parseReturnTo('')).toBe('/');
  });
});
