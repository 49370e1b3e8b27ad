import { BadRequestException, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ImportIssue } from '@fullfolj/domain';
import { FieldError } from '../common/api-error';

/** A problem in one row of an imported table: row number as in the file, column, value and why. */
export class RowError extends FieldError {
  @ApiProperty({ example: 12, description: 'Row number as in the file' })
  row!: number;

  @ApiPropertyOptional({ example: 'Slutfört', nullable: true, description: 'Column heading as in the file' })
  column!: string | null;

  @ApiPropertyOptional({ example: 'Decembr', nullable: true })
  value!: string | null;
}

export class ImportErrorBody {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'the import was not stored: 1 problem (row 12: Slutfört "Decembr" is not a month …)' }) message!: string;
  @ApiProperty({ type: [RowError] }) errors!: RowError[];
}

const MAX_LISTED = 500;

/** 400: every problem of an import, each with its row, column, value and reason; nothing was stored. */
export class ImportRejectedException extends BadRequestException {
  constructor(readonly issues: readonly ImportIssue[]) {
    const errors: RowError[] = issues.slice(0, MAX_LISTED).map((i) => ({
      field: i.column === null ? `row ${i.row}` : `row ${i.row}: ${i.column}`,
      // The value leads the reason unless the reason already quotes the part it could not read.
      message: i.value !== null && i.value !== '' && !i.reason.startsWith('"') ? `"${i.value}" ${i.reason}` : i.reason,
      ...(i.code ? { code: i.code } : {}),
      row: i.row,
      column: i.column,
      value: i.value,
    }));
    const first = errors[0];
    const message = `the import was not stored: ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}${
      first ? ` (${first.field} ${first.message}${issues.length > 1 ? ', …' : ''})` : ''
    }${issues.length > MAX_LISTED ? `; the first ${MAX_LISTED} are listed` : ''}`;
    super({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message, errors } satisfies ImportErrorBody);
  }
}
