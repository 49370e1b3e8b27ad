import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { SmtpMailTransport } from './smtp-transport';

@Global()
@Module({
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: ServiceConfig): MailTransport => new SmtpMailTransport(config.smtp.url),
    },
  ],
  exports: [MAIL_TRANSPORT],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport) {}

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
