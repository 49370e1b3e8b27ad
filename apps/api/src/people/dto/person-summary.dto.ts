import { ApiProperty } from '@nestjs/swagger';

/** A person whose contact details the viewer may not see: enough to tell them apart and appoint them. */
export class PersonSummaryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Lars Berg' })
  name!: string;

  @ApiProperty({ description: 'False once deactivated' })
  active!: boolean;
}
