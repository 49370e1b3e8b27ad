import { ValidateBy, ValidationOptions } from 'class-validator';
import { isLocalDate } from '@fullfolj/domain';

export const LOCAL_DATE_MESSAGE = 'must be a calendar date YYYY-MM-DD';

/** A real calendar date written 'YYYY-MM-DD' (so 2022-02-30 is refused). */
export function IsLocalDateString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isLocalDateString', validator: { validate: (value) => isLocalDate(value), defaultMessage: () => LOCAL_DATE_MESSAGE } }, options);
}
