import { ApiProperty } from '@nestjs/swagger';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '@fullfolj/domain';

export class StatusLabelView {
  @ApiProperty({ enum: FOLLOW_UP_STATUSES, example: 'remaining' })
  key!: FollowUpStatus;

  @ApiProperty({ example: 'Kvarstår' })
  sv!: string;

  @ApiProperty({ example: 'Remaining (not started)' })
  en!: string;
}

export class VocabularyView {
  @ApiProperty({ type: [StatusLabelView], description: 'Every follow-up status (done, in_progress, remaining, paused, postponed) with its labels' })
  statuses!: StatusLabelView[];
}
