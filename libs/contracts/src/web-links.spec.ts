import { webLinks } from './web-links';

describe('webLinks', () => {
  const links = webLinks('https://fullfolj.kommun.se/');

  it("points at the web app's pages, which route by the hash", () => {
    expect(links.myWork()).toBe('https://fullfolj.kommun.se/#/');
    expect(links.programmes()).toBe('https://fullfolj.kommun.se/#/programmes');
    expect(links.programme('0b6f1c1e-7d2a-4c55-9d0e-3f1a2b3c4d5e')).toBe('https://fullfolj.kommun.se/#/programmes/0b6f1c1e-7d2a-4c55-9d0e-3f1a2b3c4d5e');
    expect(links.gate('0b6f1c1e-7d2a-4c55-9d0e-3f1a2b3c4d5e', 'forberedelse')).toBe('https://fullfolj.kommun.se/#/programmes/0b6f1c1e-7d2a-4c55-9d0e-3f1a2b3c4d5e/gates/forberedelse');
    expect(links.followUpPlan('7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e')).toBe('https://fullfolj.kommun.se/#/follow-up/7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e');
    expect(links.passwordReset('abc_-123')).toBe('https://fullfolj.kommun.se/#/password-reset?token=abc_-123');
  });

  it('keeps a base path and never doubles the slash', () => {
    expect(webLinks('https://kommun.se/fullfolj//').programmes()).toBe('https://kommun.se/fullfolj/#/programmes');
  });
});
