import { Module } from '@nestjs/common';
import { DevOutboxController } from './dev-outbox.controller';
import { DevOutboxService } from './dev-outbox.service';

/** Development only: read what the embedded SMTP sink received. */
@Module({ controllers: [DevOutboxController], providers: [DevOutboxService] })
export class DevOutboxModule {}
