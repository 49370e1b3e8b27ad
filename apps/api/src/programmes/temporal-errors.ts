import { BadRequestException, ConflictException, ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { REJECTION } from '@fullfolj/contracts';
import { invalidField } from '../common/api-error';

/**
 * Maps what Temporal answers to what the caller should see: a rejected update's reason as
 * 400/404/409 (the workflow words it as "field: reason"), an unreachable server as 503.
 */
export function toHttpError(error: unknown): unknown {
  if (error instanceof HttpException) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const { type, message } = error.cause;
    const field = /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(message);
    switch (type) {
      case REJECTION.invalid:
        return field ? invalidField(field[1], field[2]) : new BadRequestException(message);
      case REJECTION.forbidden:
        return new ForbiddenException(message);
      case REJECTION.conflict:
        return new ConflictException(message);
      case REJECTION.notFound:
        return new NotFoundException(message);
    }
  }
  if (error instanceof WorkflowNotFoundError) return new ConflictException('the programme is no longer running');
  if (error instanceof ServiceError) return new ServiceUnavailableException('the workflow service is unreachable; try again shortly');
  return error;
}

export async function viaTemporal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toHttpError(error);
  }
}
