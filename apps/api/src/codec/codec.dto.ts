import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

/** Most payloads the Temporal Web UI sends at once is one history page; this bounds the work per request. */
export const MAX_CODEC_PAYLOADS = 1000;

/** A Temporal payload as the remote codec protocol carries it: metadata values and data in base64. */
export class JsonPayloadDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', format: 'byte' }, example: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ format: 'byte' })
  @IsOptional()
  @IsString()
  data?: string | null;
}

/** Body and answer of POST /codec/decode and /codec/encode (Temporal's remote codec protocol). */
export class CodecPayloadsDto {
  @ApiProperty({ type: [JsonPayloadDto], maxItems: MAX_CODEC_PAYLOADS })
  @ValidateNested({ each: true })
  @Type(() => JsonPayloadDto)
  @ArrayMaxSize(MAX_CODEC_PAYLOADS)
  @IsArray()
  payloads!: JsonPayloadDto[];
}
