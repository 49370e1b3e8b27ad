import { BadRequestException, ConflictException, ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { REJECTION } from '@fullfolj/contracts';
import { invalidField } from '../common/api-error';

/** What a workflow rejection carries in its `details`: the input field at fault (or null) and a stable code. */
interface Rejection {
  field: string | null;
  code: string | null;
  message: string;
}

/**
 * Maps what Temporal answers to what the caller should see: a rejected update's reason as
 * 400/404/409, an unreachable server as 503.
 */
export function toHttpError(error: unknown): unknown {
  if (error instanceof HttpException) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const { type } = error.cause;
    const { field, code, message } = rejectionOf(error.cause);
    // 400 bodies name the field in `errors`; 403/404/409 keep it in front of the reason, as they always did.
    const text = field ? `${field}: ${message}` : message;
    // The stable code goes along, so clients can word the refusal in the user's language.
    const body = (statusCode: number, error: string) => (code ? { statusCode, error, message: text, code } : text);
    switch (type) {
      case REJECTION.invalid:
        return field ? invalidField(field, message) : new BadRequestException(message);
      case REJECTION.forbidden:
        return new ForbiddenException(body(403, 'Forbidden'));
      case REJECTION.conflict:
        return new ConflictException(body(409, 'Conflict'));
      case REJECTION.notFound:
        return new NotFoundException(body(404, 'Not Found'));
    }
  }
  if (error instanceof WorkflowNotFoundError) return new ConflictException('the programme is no longer running');
  if (error instanceof ServiceError) return new ServiceUnavailableException('the workflow service is unreachable; try again shortly');
  return error;
}

/** Field and code from the failure's details; failures without them word the field as "field: reason". */
function rejectionOf(failure: ApplicationFailure): Rejection {
  const [detail] = failure.details ?? [];
  if (isDetail(detail)) return { field: detail.field ?? null, code: detail.code, message: failure.message };
  const worded = /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(failure.message);
  return worded ? { field: worded[1], code: null, message: worded[2] } : { field: null, code: null, message: failure.message };
}

function isDetail(value: unknown): value is { field?: string | null; code: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { field, code } = value as Record<string, unknown>;
  return typeof code === 'string' && (field === undefined || field === null || typeof field === 'string');
}

export async function viaTemporal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toHttpError(error);
  }
}
