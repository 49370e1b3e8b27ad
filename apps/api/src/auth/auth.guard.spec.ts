import { Controller, ExecutionContext, ForbiddenException, Get, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '@fullfolj/contracts';
import { Public, RequireCanOwnProgrammes } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import type { IdentityProvider, RequestWithPrincipal } from './identity';

@Controller('open')
@Public()
class OpenController {
  @Get()
  read() {}
}

@Controller('closed')
class ClosedController {
  @Get()
  read() {}

  @Get('owners')
  @RequireCanOwnProgrammes()
  owners() {}

  @Get('login')
  @Public()
  login() {}
}

const principal = (canOwnProgrammes: boolean): Principal => ({
  personId: '4f1c2a7e-6a0b-4b8e-9d3c-2f6e1a9b7c55',
  name: 'Anna Lindqvist',
  email: 'anna@kommun.example',
  language: 'sv',
  canOwnProgrammes,
  isAdmin: false,
  via: 'session',
});

function run(controller: object, handler: string, answer: Principal | null) {
  const request = { headers: {} } as RequestWithPrincipal;
  const headers: Record<string, string> = {};
  const identity: IdentityProvider = { authenticate: jest.fn(() => Promise.resolve(answer)) };
  const context = {
    getHandler: () => (controller as Record<string, unknown>)[handler],
    getClass: () => controller.constructor,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }) }),
  } as unknown as ExecutionContext;
  const result = new AuthGuard(new Reflector(), identity).canActivate(context);
  return { result, request, headers, identity };
}

describe('AuthGuard', () => {
  it('lets anyone through to a @Public() controller or handler, without asking the identity provider', async () => {
    for (const [controller, handler] of [
      [new OpenController(), 'read'],
      [new ClosedController(), 'login'],
    ] as const) {
      const { result, identity } = run(controller, handler, null);
      await expect(result).resolves.toBe(true);
      expect(identity.authenticate).not.toHaveBeenCalled();
    }
  });

  it('is 401 with a WWW-Authenticate challenge when there is no principal', async () => {
    const { result, headers } = run(new ClosedController(), 'read', null);
    await expect(result).rejects.toThrow(UnauthorizedException);
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="fullfolj"');
  });

  it('puts the principal on the request', async () => {
    const { result, request } = run(new ClosedController(), 'read', principal(false));
    await expect(result).resolves.toBe(true);
    expect(request.principal?.name).toBe('Anna Lindqvist');
  });

  it('is 403 on a @RequireCanOwnProgrammes() route for a principal who may not own programmes', async () => {
    await expect(run(new ClosedController(), 'owners', principal(false)).result).rejects.toThrow(ForbiddenException);
    await expect(run(new ClosedController(), 'owners', principal(true)).result).resolves.toBe(true);
  });
});
