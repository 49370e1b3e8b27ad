import { StreamableFile } from '@nestjs/common';
import type { ReportFormat } from '../dto/report-query.dto';
import { writeCsv } from './csv-writer';
import type { ReportDocument } from './document';
import { writePdf } from './pdf-writer';
import { writeXlsx } from './xlsx-writer';

const TYPES: Record<Exclude<ReportFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** The report as JSON (returned as is) or as a streamed file download. */
export function render<T extends object>(report: T, format: ReportFormat, document: (report: T) => ReportDocument): T | StreamableFile {
  if (format === 'json') return report;
  const doc = document(report);
  const stream = format === 'csv' ? writeCsv(doc.dataTable ?? doc.tables[0]) : format === 'xlsx' ? writeXlsx(doc) : writePdf(doc);
  const fileName = `${doc.fileBase}.${format}`;
  return new StreamableFile(stream, {
    type: TYPES[format],
    disposition: `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}
