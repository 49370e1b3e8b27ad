export * from './data-source';
export * from './database.module';
export * from './entities/outbox-message.entity';
export * from './outbox.repository';
