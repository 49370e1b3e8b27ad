import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';
import { LowercaseUuid } from '../../common/validation';

export class AddPlanEditorDto {
  @ApiProperty({ format: 'uuid', description: 'The person who becomes an editor (redigerare) of the plan' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a person id (UUID)' })
  personId!: string;
}

export class LinkPlanProgrammeDto {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'A programme I own, whose reports then include the plan; null unlinks it' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'must be a programme id (UUID) or null' })
  @ValidateIf((o: LinkPlanProgrammeDto) => o.programmeId !== null)
  programmeId!: string | null;
}
