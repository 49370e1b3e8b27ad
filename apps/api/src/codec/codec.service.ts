import { Inject, Injectable } from '@nestjs/common';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { FieldError, InvalidInputException } from '../common/api-error';
import type { JsonPayloadDto } from './codec.dto';

/** Injection token of the payload codec the API's Temporal client uses. */
export const PAYLOAD_CODEC = Symbol('PAYLOAD_CODEC');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Temporal's remote codec protocol: payloads in proto JSON (bytes as base64) through the codec. */
@Injectable()
export class CodecService {
  constructor(@Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec) {}

  decode(payloads: JsonPayloadDto[]): Promise<JsonPayloadDto[]> {
    return this.run(payloads, (p) => this.codec.decode(p), 'payload_undecodable');
  }

  encode(payloads: JsonPayloadDto[]): Promise<JsonPayloadDto[]> {
    return this.run(payloads, (p) => this.codec.encode(p), 'payload_unencodable');
  }

  /** One payload at a time, so a bad one is named by its index (400), never a 500. */
  private async run(payloads: JsonPayloadDto[], step: (p: Payload[]) => Promise<Payload[]>, code: string): Promise<JsonPayloadDto[]> {
    const parsed = payloads.map((p, i) => fromJson(p, `payloads.${i}`));
    const problems = parsed.flatMap((p) => (Array.isArray(p) ? p : []));
    if (problems.length > 0) throw new InvalidInputException(problems);
    const out: JsonPayloadDto[] = [];
    for (const [i, payload] of (parsed as Payload[]).entries()) {
      try {
        const [result] = await step([payload]);
        out.push(toJson(result));
      } catch (error) {
        // The codec's messages name a key id at most, never key material or payload content.
        throw new InvalidInputException([{ field: `payloads.${i}`, code, message: error instanceof Error ? error.message : String(error) }]);
      }
    }
    return out;
  }
}

function fromJson(json: JsonPayloadDto, field: string): Payload | FieldError[] {
  const problems: FieldError[] = [];
  const bytes = (value: unknown, name: string): Uint8Array | undefined => {
    if (typeof value === 'string' && BASE64.test(value)) return Buffer.from(value, 'base64');
    problems.push({ field: name, code: 'invalid_base64', message: 'must be base64' });
    return undefined;
  };
  const metadata: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(json.metadata ?? {})) {
    const decoded = bytes(value, `${field}.metadata.${key}`);
    if (decoded) metadata[key] = decoded;
  }
  const data = json.data === undefined || json.data === null ? undefined : bytes(json.data, `${field}.data`);
  return problems.length > 0 ? problems : { metadata, data };
}

function toJson(payload: Payload): JsonPayloadDto {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: payload.data ? Buffer.from(payload.data).toString('base64') : undefined,
  };
}
