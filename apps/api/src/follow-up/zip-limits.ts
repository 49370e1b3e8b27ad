import { inflateRawSync } from 'node:zlib';
import { HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import { invalidField, summarise, type FieldError } from '../common/api-error';

/**
 * What an uploaded XLSX (a zip) may unpack to. A plan of MAX_TABLE_ROWS rows is a few MB of
 * XML; a zip bomb is a small file that inflates to GBs, and ExcelJS holds all of it in memory.
 */
export const ZIP_LIMITS = {
  /** Everything in the zip together, unpacked. */
  maxUnpackedBytes: 32 * 1024 * 1024,
  maxEntries: 1000,
  /** Unpacked ÷ packed of one entry: Excel's XML packs 5–20×, a bomb 1000×. Only checked above `ratioFrom` bytes. */
  maxRatio: 100,
  ratioFrom: 1024 * 1024,
};
export type ZipLimits = typeof ZIP_LIMITS;

export const UNPACKED_TOO_LARGE = 'file_too_large_unpacked';

/** 413 naming the file: it would unpack to more than the API reads. */
export class UnpackedTooLargeException extends PayloadTooLargeException {
  constructor(message: string) {
    const errors: FieldError[] = [{ field: 'file', code: UNPACKED_TOO_LARGE, message }];
    super({ statusCode: HttpStatus.PAYLOAD_TOO_LARGE, error: 'Payload Too Large', message: summarise(errors), errors });
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MB = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

interface Entry {
  method: number;
  packed: number;
  unpacked: number;
  localOffset: number;
}

/**
 * Checks a zip against `limits` before anything unpacks it: the sizes its central directory
 * declares first (no inflating), then that no entry inflates to more than it declared (so a
 * zip that lies about its sizes is stopped at the declared total, which is within the limit).
 */
export function checkZipLimits(zip: Buffer, limits: ZipLimits = ZIP_LIMITS): void {
  const entries = centralDirectory(zip, limits);
  let total = 0;
  for (const entry of entries) {
    total += entry.unpacked;
    if (total > limits.maxUnpackedBytes) throw new UnpackedTooLargeException(`unpacks to more than ${MB(limits.maxUnpackedBytes)}, the most an import reads`);
    if (entry.unpacked > limits.ratioFrom && entry.unpacked > entry.packed * limits.maxRatio) {
      throw new UnpackedTooLargeException(`is packed more than ${limits.maxRatio} times over, which no spreadsheet is`);
    }
  }
  for (const entry of entries) inflatesAsDeclared(zip, entry);
}

function centralDirectory(zip: Buffer, limits: ZipLimits): Entry[] {
  const unreadable = () => invalidField('file', 'is not a readable XLSX workbook (damaged zip)');
  // The end-of-central-directory record: the last thing in the file, after a comment of at most 64 KB.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i -= 1) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const count = zip.readUInt16LE(end + 10);
  const offset = zip.readUInt32LE(end + 16);
  // Zip64 (more than 65535 entries or 4 GB) is never a spreadsheet of a plan.
  if (count === 0xffff || offset === 0xffffffff) throw new UnpackedTooLargeException(`is a zip of more than 4 GB or ${limits.maxEntries} parts`);
  if (count > limits.maxEntries) throw new UnpackedTooLargeException(`has ${count} parts; a workbook to import has at most ${limits.maxEntries}`);
  const entries: Entry[] = [];
  let at = offset;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw unreadable();
    const entry = { method: zip.readUInt16LE(at + 10), packed: zip.readUInt32LE(at + 20), unpacked: zip.readUInt32LE(at + 24), localOffset: zip.readUInt32LE(at + 42) };
    if (entry.packed === 0xffffffff || entry.unpacked === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw new UnpackedTooLargeException('is a zip of more than 4 GB');
    }
    entries.push(entry);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function inflatesAsDeclared(zip: Buffer, entry: Entry): void {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL) throw invalidField('file', 'is not a readable XLSX workbook (damaged zip)');
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.packed);
  if (entry.method === 0) {
    if (entry.packed !== entry.unpacked) throw new UnpackedTooLargeException('holds a part larger than it declares');
    return;
  }
  // Other methods are left to the workbook reader, which refuses them.
  if (entry.method !== 8) return;
  try {
    // Never more than declared is inflated: a byte beyond it and the part is refused.
    inflateRawSync(data, { maxOutputLength: Math.max(entry.unpacked, 1) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new UnpackedTooLargeException('holds a part that unpacks to more than it declares');
    throw invalidField('file', 'is not a readable XLSX workbook (damaged zip)');
  }
}
