import { StreamableFile } from '@nestjs/common';
import type { ReportBranding } from '@fullfolj/config';
import type { ReportFormat } from '../dto/report-query.dto';
import { writeCsv } from './csv-writer';
import type { ReportDocument } from './document';
import { writeDocx } from './docx-writer';
import { writePdf } from './pdf-writer';
import { writeXlsx } from './xlsx-writer';

const TYPES: Record<Exclude<ReportFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function write(doc: ReportDocument, format: Exclude<ReportFormat, 'json'>, branding: ReportBranding) {
  switch (format) {
    case 'csv':
      return writeCsv(doc.dataTable ?? doc.tables[0]);
    case 'xlsx':
      return writeXlsx(doc);
    case 'pdf':
      return writePdf(doc);
    case 'docx':
      return writeDocx(doc, branding);
  }
}

/**
 * The report as JSON (returned as is) or as a streamed file download. `branding` (the
 * municipality's logo, config.reports) goes on the Word report's cover.
 */
export function render<T extends object>(report: T, format: ReportFormat, document: (report: T) => ReportDocument, branding: ReportBranding = {}): T | StreamableFile {
  if (format === 'json') return report;
  const doc = document(report);
  const stream = write(doc, format, branding);
  const fileName = `${doc.fileBase}.${format}`;
  return new StreamableFile(stream, {
    type: TYPES[format],
    disposition: `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}
