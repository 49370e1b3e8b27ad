import { applyDecorators, HttpCode, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConsumes } from '@nestjs/swagger';
import { AcceptsMediaTypes } from '../security/request-origin.guard';
import { ImportErrorBody } from './follow-up-errors';
import { MAX_UPLOAD_BYTES } from './table-reader';

/**
 * An import route: one CSV or XLSX `file` and its `asOf` date as multipart/form-data, at most
 * MAX_UPLOAD_BYTES, answered 200; a refused file is a 400 naming every bad row.
 */
export function TableUpload(fileDescription: string, asOfExample: string): MethodDecorator {
  return applyDecorators(
    HttpCode(200),
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } })),
    AcceptsMediaTypes('multipart/form-data'),
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file', 'asOf'],
        properties: { file: { type: 'string', format: 'binary', description: fileDescription }, asOf: { type: 'string', example: asOfExample } },
      },
    }),
    ApiBadRequestResponse({ type: ImportErrorBody, description: 'Every problem, per row: row number as in the file, column, value, reason' }),
  );
}
