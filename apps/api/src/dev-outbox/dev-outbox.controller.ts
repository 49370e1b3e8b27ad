import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorBody } from '../common/api-error';
import { DevOutboxService, OutboxListEntry, OutboxMessage } from './dev-outbox.service';

@ApiTags('development')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@ApiNotFoundResponse({ description: 'Not in development with the embedded SMTP server, or no such message', type: ApiErrorBody })
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(private readonly outbox: DevOutboxService) {}

  @Get()
  @ApiOperation({ summary: 'Development only: the newest 200 e-mails the embedded SMTP server received' })
  @ApiOkResponse({ description: '{ messages: [{ id, receivedAt, from, to, subject }] }, newest first' })
  async list(): Promise<{ messages: OutboxListEntry[] }> {
    return { messages: await this.outbox.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Development only: one received e-mail as its recipient would read it' })
  @ApiOkResponse({ description: 'Headers, text, HTML and attachments of the message' })
  get(@Param('id') id: string): Promise<OutboxMessage> {
    return this.outbox.get(id);
  }
}
