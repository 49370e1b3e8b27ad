import { ConflictException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REJECTION } from '@fullfolj/contracts';
import { toHttpError } from './temporal-errors';

const rejected = (type: string, message: string, details?: unknown[]) =>
  new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type, message, details, nonRetryable: true }));

const bodyOf = (error: unknown) => {
  expect(error).toBeInstanceOf(HttpException);
  return { status: (error as HttpException).getStatus(), body: (error as HttpException).getResponse() };
};

describe('toHttpError', () => {
  it('answers an invalid field from the details as a 400 naming the field', () => {
    const { status, body } = bodyOf(toHttpError(rejected(REJECTION.invalid, 'must be a time HH:mm', [{ field: 'startTime', code: 'must_be_time' }])));
    expect(status).toBe(400);
    expect(body).toMatchObject({ message: 'startTime must be a time HH:mm', errors: [{ field: 'startTime', message: 'must be a time HH:mm' }] });
  });

  it('still reads the field from a message worded "field: reason" when there are no details', () => {
    const { status, body } = bodyOf(toHttpError(rejected(REJECTION.invalid, 'reason: a moved deadline needs a reason')));
    expect(status).toBe(400);
    expect(body).toMatchObject({ errors: [{ field: 'reason', message: 'a moved deadline needs a reason' }] });
  });

  it('answers an invalid act without a field as a plain 400', () => {
    const { status, body } = bodyOf(toHttpError(rejected(REJECTION.invalid, 'something is off', [{ field: null, code: 'required' }])));
    expect(status).toBe(400);
    expect(body).not.toHaveProperty('errors');
  });

  it('keeps the field in front of the reason of a 409, as before', () => {
    const error = toHttpError(rejected(REJECTION.conflict, 'the deadline is already 2027-03-01', [{ field: 'dueDate', code: 'already_due' }]));
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).message).toBe('dueDate: the deadline is already 2027-03-01');
  });

  it('maps forbidden and not found without a field to 403 and 404 with the message as it is', () => {
    const forbidden = toHttpError(rejected(REJECTION.forbidden, 'only the programme owner gives roles', [{ field: null, code: 'requires_owner' }]));
    expect(forbidden).toBeInstanceOf(ForbiddenException);
    expect((forbidden as ForbiddenException).message).toBe('only the programme owner gives roles');
    const missing = toHttpError(rejected(REJECTION.notFound, 'meeting x is not part of this programme', [{ field: null, code: 'not_found' }]));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect((missing as NotFoundException).message).toBe('meeting x is not part of this programme');
  });

  it('passes the rejection code on in the body of a 403, 404 and 409, for the client to word', () => {
    const { status, body } = bodyOf(toHttpError(rejected(REJECTION.conflict, 'the programme must keep at least one owner', [{ field: null, code: 'last_owner' }])));
    expect(status).toBe(409);
    expect(body).toEqual({ statusCode: 409, error: 'Conflict', message: 'the programme must keep at least one owner', code: 'last_owner' });
    expect(bodyOf(toHttpError(rejected(REJECTION.forbidden, 'no', [{ field: null, code: 'requires_owner' }]))).body).toMatchObject({ code: 'requires_owner' });
    expect(bodyOf(toHttpError(rejected(REJECTION.notFound, 'no', [{ field: null, code: 'role_not_held' }]))).body).toMatchObject({ code: 'role_not_held' });
  });
});
