import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsString, MinLength, ValidateNested } from 'class-validator';
import { InvalidInputException } from './api-error';
import { createValidationPipe, ParseUuidPipe } from './validation';

class Address {
  @IsString()
  street!: string;
}

class Body {
  @IsEmail({}, { message: 'must be an e-mail address' })
  email!: string;

  @MinLength(12)
  @IsString()
  password!: string;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

const bodyMeta: ArgumentMetadata = { type: 'body', metatype: Body };

async function errorOf(value: unknown, meta = bodyMeta): Promise<object> {
  try {
    await createValidationPipe().transform(value, meta);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputException);
    return (error as InvalidInputException).getResponse() as object;
  }
  throw new Error('expected a 400');
}

describe('createValidationPipe', () => {
  it('lists every bad field with one reason, without repeating the field name', async () => {
    const body = await errorOf({ email: 'nope', password: 'short', address: { street: 7 } });
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'email must be an e-mail address; password must be longer than or equal to 12 characters; address.street must be a string',
      errors: [
        { field: 'email', message: 'must be an e-mail address' },
        { field: 'password', message: 'must be longer than or equal to 12 characters' },
        { field: 'address.street', message: 'must be a string' },
      ],
    });
  });

  it('says "is required" for a missing field, and checks the type before the length', async () => {
    const body = await errorOf({ password: 1234, address: { street: null } });
    expect(body).toMatchObject({
      errors: [
        { field: 'email', message: 'is required' },
        { field: 'password', message: 'must be a string' },
        { field: 'address.street', message: 'must not be null' },
      ],
    });
  });

  it('never puts the rejected value in the response', async () => {
    const body = await errorOf({ email: 'secret-value', password: 'hunter2', address: {} });
    expect(JSON.stringify(body)).not.toMatch(/secret-value|hunter2/);
  });

  it('rejects a field the DTO does not declare, naming it', async () => {
    const body = await errorOf({ email: 'a@b.se', password: 'long enough pw', address: { street: 'Storgatan 1' }, admin: true });
    expect(body).toMatchObject({ errors: [{ field: 'admin', message: 'is not an accepted field' }] });
  });

  it('passes valid input through as a DTO instance', async () => {
    const value = await createValidationPipe().transform({ email: 'a@b.se', password: 'long enough pw', address: { street: 'x' } }, bodyMeta);
    expect(value).toBeInstanceOf(Body);
  });
});

describe('ParseUuidPipe', () => {
  const pipe = new ParseUuidPipe();
  const meta: ArgumentMetadata = { type: 'param', data: 'id' };

  it('accepts a UUID', () => {
    expect(pipe.transform('4f1c2a7e-6a0b-4b8e-9d3c-2f6e1a9b7c55', meta)).toBe('4f1c2a7e-6a0b-4b8e-9d3c-2f6e1a9b7c55');
  });

  it('names the parameter when it is not a UUID', () => {
    expect(() => pipe.transform('123', meta)).toThrow(InvalidInputException);
    let thrown: unknown;
    try {
      pipe.transform('123', { type: 'param', data: 'tokenId' });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as InvalidInputException).getResponse()).toMatchObject({ errors: [{ field: 'tokenId', message: 'must be a UUID' }] });
  });
});
