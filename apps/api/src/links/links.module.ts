import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, linkSigningSecret } from '@fullfolj/config';
import { ItemLinks, LINK_SIGNING_KEY } from './item-links.service';
import { LinksController } from './links.controller';

/** Signed, expiring links in reminder e-mail (the worker signs them with the same key). */
@Module({
  controllers: [LinksController],
  providers: [{ provide: LINK_SIGNING_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => linkSigningSecret(config) }, ItemLinks],
})
export class LinksModule {}
