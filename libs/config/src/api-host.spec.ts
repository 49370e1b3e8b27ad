import { ConfigError, loadConfig } from './config';

// Issue 15, finding 2: in development the API listened on every interface, and the demo passwords are public.
describe('API_HOST', () => {
  it('is loopback unless set, in development as elsewhere', () => {
    expect(loadConfig({}).api.host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development' }).api.host).toBe('127.0.0.1');
  });

  it('takes the address a deployment asks for', () => {
    expect(loadConfig({ API_HOST: '0.0.0.0' }).api.host).toBe('0.0.0.0');
    expect(loadConfig({ API_HOST: '::' }).api.host).toBe('::');
    expect(loadConfig({ API_HOST: 'api.internal' }).api.host).toBe('api.internal');
  });

  it('refuses what is no address, naming the setting', () => {
    expect(() => loadConfig({ API_HOST: 'http://0.0.0.0/' })).toThrow(ConfigError);
    expect(() => loadConfig({ API_HOST: '' })).toThrow(/API_HOST must be a host name or IP address/);
  });
});
