import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RequireAdmin } from '../auth/auth.decorators';
import { ApiErrorBody } from '../common/api-error';
import { CrossSiteFormPost } from '../security/request-origin.guard';
import { CodecPayloadsDto } from './codec.dto';
import { CodecOriginGuard } from './codec-origin.guard';
import { CodecService } from './codec.service';

/**
 * Temporal's remote codec endpoint, for the Temporal Web UI (Settings → Codec Server:
 * `<APP_BASE_URL>/codec`, "include cross-origin credentials") and `temporal --codec-endpoint`
 * with an administrator's API token. Payloads in histories are encrypted; only administrators
 * may read them. The UI calls from its own origin, so CORS for TEMPORAL_UI_ORIGIN and an origin check
 * replace the app-wide same-origin rule here.
 */
@ApiTags('codec')
@ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorBody })
@ApiHeader({ name: 'X-Namespace', required: false, description: 'Sent by the Temporal Web UI and CLI; one key set serves every namespace' })
@RequireAdmin()
@CrossSiteFormPost()
@UseGuards(CodecOriginGuard)
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decrypt Temporal payloads (remote codec protocol); unencrypted ones come back unchanged' })
  @ApiOkResponse({ type: CodecPayloadsDto })
  @ApiBadRequestResponse({ description: 'Not base64, or a payload that cannot be decrypted (unknown key id, altered)', type: ApiErrorBody })
  async decode(@Body() body: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    return { payloads: await this.codec.decode(body.payloads) };
  }

  @Post('encode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt Temporal payloads (remote codec protocol), e.g. input the Web UI sends to a workflow' })
  @ApiOkResponse({ type: CodecPayloadsDto })
  @ApiBadRequestResponse({ description: 'Not base64', type: ApiErrorBody })
  async encode(@Body() body: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    return { payloads: await this.codec.encode(body.payloads) };
  }
}
