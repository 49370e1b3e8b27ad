import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** Why the person is erased; kept in the security log with who asked and when. */
export class ErasureDto {
  @ApiProperty({ example: 'Begäran om radering enligt artikel 17, diarienummer 2026/123', maxLength: 1000 })
  @MaxLength(1000, { context: { code: 'reason_too_long' } })
  @Matches(/\S/, { message: 'must not be empty', context: { code: 'reason_required' } })
  @IsString({ context: { code: 'reason_required' } })
  reason!: string;
}

export class ErasureView {
  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty({ example: 'Person 7', description: 'What the person is called from now on, in decisions, the audit trail and reports' })
  pseudonym!: string;

  @ApiProperty({ description: 'Sessions ended by the deactivation' })
  sessionsEnded!: number;

  @ApiProperty({ description: 'API tokens revoked by the deactivation' })
  tokensRevoked!: number;

  @ApiProperty({ description: 'Outbox messages whose content or address was replaced' })
  mailRewritten!: number;
}
