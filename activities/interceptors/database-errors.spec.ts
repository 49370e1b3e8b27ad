import { inspect } from 'node:util';
import { QueryFailedError } from 'typeorm';
import { databaseErrorsInterceptor, DatabaseError, withoutQueryDetails } from './database-errors';

const duplicate = () =>
  new QueryFailedError('INSERT INTO person (name, email) VALUES ($1, $2)', ['Anna Lindqvist', 'anna.lindqvist@kommun.example'], {
    message: 'duplicate key value violates unique constraint "person_email_uq"',
    code: '23505',
    constraint: 'person_email_uq',
    table: 'person',
    detail: 'Key (lower(email))=(anna.lindqvist@kommun.example) already exists.',
  } as unknown as Error);

describe('database errors leaving an activity', () => {
  it('keep the message, code and constraint, and lose the SQL parameters and the detail', () => {
    const clean = withoutQueryDetails(duplicate()) as DatabaseError;
    expect(clean).toBeInstanceOf(DatabaseError);
    expect(clean).toMatchObject({ message: 'duplicate key value violates unique constraint "person_email_uq"', code: '23505', constraint: 'person_email_uq', table: 'person' });
    // What the worker's logger prints (util.inspect of the error) holds no personal data.
    const printed = inspect({ error: clean }, { depth: 10 });
    expect(printed).not.toMatch(/anna|Lindqvist|VALUES/i);
    expect(inspect({ error: duplicate() }, { depth: 10 })).toMatch(/anna\.lindqvist@kommun\.example/);
  });

  it('pass every other error through unchanged', () => {
    const other = new Error('SMTP server rejected x');
    expect(withoutQueryDetails(other)).toBe(other);
  });

  it('are cleaned by the interceptor the worker installs', async () => {
    const inbound = databaseErrorsInterceptor().inbound!;
    const input = { args: [], headers: {} } as unknown as Parameters<NonNullable<typeof inbound.execute>>[0];
    await expect(inbound.execute!(input, () => Promise.reject(duplicate()))).rejects.toBeInstanceOf(DatabaseError);
    await expect(inbound.execute!(input, () => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
