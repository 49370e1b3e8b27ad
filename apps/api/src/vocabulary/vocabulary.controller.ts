import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FOLLOW_UP_STATUS_LABELS, FOLLOW_UP_STATUSES } from '@fullfolj/domain';
import { Public } from '../auth/auth.decorators';
import { VocabularyView } from './dto/vocabulary.view';

// Public: the labels are no secret, and the public link page shows a status too.
@Public()
@ApiTags('vocabulary')
@Controller('vocabulary')
export class VocabularyController {
  @Get()
  @ApiOperation({ summary: "The domain's words as the web app shows them (status labels in Swedish and English), so no client keeps its own copy" })
  @ApiOkResponse({ type: VocabularyView })
  vocabulary(): VocabularyView {
    return { statuses: FOLLOW_UP_STATUSES.map((key) => ({ key, ...FOLLOW_UP_STATUS_LABELS[key] })) };
  }
}
