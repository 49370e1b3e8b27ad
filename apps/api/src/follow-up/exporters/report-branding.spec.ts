import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { imageInfo, loadConfig } from '@fullfolj/config';
import { Resvg } from '@resvg/resvg-js';

// REPORT_LOGO_FILE (libs/config/src/report-branding.ts): the Word report's logo, read and checked at start-up.
describe('REPORT_LOGO_FILE', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fullfolj-logo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const png = () => new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><rect width="300" height="120" fill="#1f3864"/></svg>').render().asPng();
  /** The head of a baseline JPEG: SOI, an APP0 (JFIF) segment, then a start of frame giving 640 × 480. */
  const jpeg = () =>
    Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.from('JFIF\0', 'latin1'),
      Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
      Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]),
      Buffer.from([0xff, 0xd9]),
    ]);
  const file = (name: string, data: Buffer | string) => {
    const at = path.join(dir, name);
    writeFileSync(at, data);
    return at;
  };

  it('is optional: unset or empty means no logo', () => {
    expect(loadConfig({}).reports).toEqual({});
    expect(loadConfig({ REPORT_LOGO_FILE: '' }).reports).toEqual({});
  });

  it('reads a PNG or JPEG once, with its type and size in pixels', () => {
    const data = png();
    const logo = loadConfig({ REPORT_LOGO_FILE: file('logo.png', data) }).reports.logo!;
    expect(logo).toMatchObject({ type: 'png', width: 300, height: 120, file: path.join(dir, 'logo.png') });
    expect(logo.data.equals(data)).toBe(true);
    expect(loadConfig({ REPORT_LOGO_FILE: file('logo.jpg', jpeg()) }).reports.logo).toMatchObject({ type: 'jpg', width: 640, height: 480 });
  });

  it('stops the start naming the variable when the file is missing, too large or not an image', () => {
    expect(() => loadConfig({ REPORT_LOGO_FILE: path.join(dir, 'missing.png') })).toThrow(/REPORT_LOGO_FILE must name an existing PNG or JPEG file \(.*missing\.png does not exist\)/);
    expect(() => loadConfig({ REPORT_LOGO_FILE: dir })).toThrow(/REPORT_LOGO_FILE must be a PNG or JPEG file \(.* is not a file\)/);
    const big = Buffer.concat([png(), Buffer.alloc(1024 * 1024)]);
    expect(() => loadConfig({ REPORT_LOGO_FILE: file('big.png', big) })).toThrow(/REPORT_LOGO_FILE must be at most 1 MB/);
    expect(() => loadConfig({ REPORT_LOGO_FILE: file('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>') })).toThrow(/REPORT_LOGO_FILE must be a PNG or JPEG image/);
    expect(() => loadConfig({ REPORT_LOGO_FILE: file('fake.png', Buffer.from('not an image at all, only text')) })).toThrow(/REPORT_LOGO_FILE must be a PNG or JPEG image/);
  });

  it('knows PNG and JPEG by their first bytes only', () => {
    expect(imageInfo(png())).toEqual({ type: 'png', width: 300, height: 120 });
    expect(imageInfo(jpeg())).toEqual({ type: 'jpg', width: 640, height: 480 });
    expect(imageInfo(Buffer.from('GIF89a'))).toBeNull();
    expect(imageInfo(Buffer.from([0xff, 0xd8, 0xff]))).toBeNull();
  });
});
