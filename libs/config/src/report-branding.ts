import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// The municipality's look in exported reports: its logo on the Word report's cover.
// config.ts merges the field into its schema and puts the result under `reports`.

export const MAX_REPORT_LOGO_BYTES = 1024 * 1024;

/** A logo read from REPORT_LOGO_FILE at start-up, with its size in pixels (from the file's header). */
export interface ReportLogo {
  readonly file: string;
  readonly type: 'png' | 'jpg';
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

export interface ReportBranding {
  /** Unset: reports have no logo. */
  readonly logo?: ReportLogo;
}

/** Width and height of a PNG (IHDR) or JPEG (the first start-of-frame marker); null when the header is not one. */
export function imageInfo(data: Buffer): { type: 'png' | 'jpg'; width: number; height: number } | null {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length >= 24 && data.subarray(0, 8).equals(png) && data.toString('latin1', 12, 16) === 'IHDR') {
    const width = data.readUInt32BE(16);
    const height = data.readUInt32BE(20);
    return width > 0 && height > 0 ? { type: 'png', width, height } : null;
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    let at = 2;
    while (at + 4 <= data.length) {
      if (data[at] !== 0xff) return null;
      const marker = data[at + 1];
      if (marker === 0xff) {
        at += 1; // fill byte
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2; // markers without a length
        continue;
      }
      const length = data.readUInt16BE(at + 2);
      // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame's size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        if (at + 9 > data.length) return null;
        const height = data.readUInt16BE(at + 5);
        const width = data.readUInt16BE(at + 7);
        return width > 0 && height > 0 ? { type: 'jpg', width, height } : null;
      }
      if (length < 2) return null;
      at += 2 + length;
    }
  }
  return null;
}

/** Reads and checks the logo; a problem is returned as the sentence after the variable's name. */
export function readReportLogo(file: string): ReportLogo | string {
  const resolved = path.resolve(file);
  let size: number;
  try {
    const stat = statSync(resolved);
    if (!stat.isFile()) return `must be a PNG or JPEG file (${resolved} is not a file)`;
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `must name an existing PNG or JPEG file (${resolved} does not exist)` : `could not be read (${code ?? String(error)})`;
  }
  if (size > MAX_REPORT_LOGO_BYTES) return `must be at most 1 MB (${resolved} is ${size} bytes)`;
  let data: Buffer;
  try {
    data = readFileSync(resolved);
  } catch (error) {
    return `could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const info = imageInfo(data);
  if (!info) return `must be a PNG or JPEG image (${resolved} is neither)`;
  return { file: resolved, data, ...info };
}

export const reportBrandingFields = {
  /** A PNG or JPEG of at most 1 MB, read once at start-up; shown on the Word report's cover. */
  REPORT_LOGO_FILE: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): ReportLogo | undefined => {
      if (v === undefined || v === '') return undefined;
      const logo = readReportLogo(v);
      if (typeof logo === 'string') {
        ctx.addIssue({ code: 'custom', message: logo });
        return z.NEVER;
      }
      return logo;
    }),
};

type ReportBrandingEnv = z.infer<z.ZodObject<typeof reportBrandingFields>>;

export function reportBrandingConfig(e: ReportBrandingEnv): ReportBranding {
  return e.REPORT_LOGO_FILE ? { logo: e.REPORT_LOGO_FILE } : {};
}
