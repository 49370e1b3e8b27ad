import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { LowercaseUuid } from '../../common/validation';

export class AddCoOwnerDto {
  @ApiProperty({ format: 'uuid', description: 'The person who becomes a co-owner (medägare)' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  personId!: string;
}
