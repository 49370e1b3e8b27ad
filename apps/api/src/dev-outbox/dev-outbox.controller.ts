import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal } from '@fullfolj/contracts';
import { CurrentPrincipal } from '../auth';
import { ApiErrorBody } from '../common/api-error';
import { DevOutboxService, OutboxListEntry, OutboxMessage } from './dev-outbox.service';

@ApiTags('development')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@ApiNotFoundResponse({ description: 'Not in development with the embedded SMTP server, or no such message', type: ApiErrorBody })
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(private readonly outbox: DevOutboxService) {}

  @Get()
  @ApiOperation({ summary: 'Development only: the newest 200 e-mails the embedded SMTP server received for me (To, Cc or Bcc)' })
  @ApiOkResponse({ description: '{ messages: [{ id, receivedAt, from, to, subject }] }, newest first' })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ messages: OutboxListEntry[] }> {
    return { messages: await this.outbox.list(principal.email) };
  }

  @Get(':id/body')
  @Header('Content-Type', 'text/html; charset=utf-8')
  // Mail HTML styles itself inline, which the app's own policy forbids; this document gets a policy
  // of its own: no script, no network, styles inline, framed only by this site, and sandboxed.
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox")
  @Header('X-Frame-Options', 'SAMEORIGIN')
  @ApiOperation({ summary: "Development only: the HTML body of one e-mail addressed to me, for the outbox page's sandboxed frame (404 for anyone else's, or without HTML)" })
  @ApiOkResponse({ description: 'text/html' })
  async body(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<string> {
    return this.outbox.htmlBody(id, principal.email);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Development only: one received e-mail addressed to me, as I would read it (404 for anyone else\'s)' })
  @ApiOkResponse({ description: 'Headers, text, HTML and attachments of the message' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<OutboxMessage> {
    return this.outbox.get(id, principal.email);
  }
}
