import { PassThrough } from 'node:stream';
import { csvStringifier } from '../../common/csv';
import type { DocTable } from './document';
import { ROWS_PER_CHECK, whileBuffered, type WriterOptions } from './backpressure';

/**
 * Streams one table as CSV the way Swedish Excel opens it: UTF-8 with BOM, semicolons, CRLF.
 * Group headings are not rows of their own: every row carries its whole hierarchy.
 */
export function writeCsv(table: DocTable, options: WriterOptions = {}): PassThrough {
  const out = new PassThrough();
  const csv = csvStringifier({ delimiter: ';', record_delimiter: 'windows', bom: true, quoted_match: /[;"\r\n]/ });
  csv.pipe(out);
  csv.on('error', (error) => out.destroy(error));
  (async () => {
    csv.write(table.columns.map((c) => c.label));
    let count = 0;
    for (const line of table.lines()) {
      if (line.kind !== 'row') continue;
      if (!csv.write(line.cells)) await new Promise((resolve) => csv.once('drain', resolve));
      if (++count % ROWS_PER_CHECK === 0) await whileBuffered(out, options.highWaterMark);
    }
    csv.end();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
