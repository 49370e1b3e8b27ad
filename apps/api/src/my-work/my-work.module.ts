import { Module } from '@nestjs/common';
import { MyWorkController } from './my-work.controller';

/** A person's own open items across programmes; reads the read model only. */
@Module({ controllers: [MyWorkController] })
export class MyWorkModule {}
