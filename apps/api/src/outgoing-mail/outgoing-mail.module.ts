import { Module } from '@nestjs/common';
import { OutgoingMailService } from './outgoing-mail.service';

/** Where the API's own mail leaves: a mail delivery workflow per message (see the service). */
@Module({
  providers: [OutgoingMailService],
  exports: [OutgoingMailService],
})
export class OutgoingMailModule {}
