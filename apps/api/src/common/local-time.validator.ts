import { ValidateBy, ValidationOptions } from 'class-validator';
import { isLocalTime } from '@fullfolj/domain';

export const LOCAL_TIME_MESSAGE = 'must be a time HH:mm';

/** A wall-clock time 'HH:mm' (24 h), by the domain's own rule, so the API and the workflows agree on what a time is. */
export function IsLocalTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isLocalTime', validator: { validate: (value) => isLocalTime(value), defaultMessage: () => LOCAL_TIME_MESSAGE } }, options);
}
