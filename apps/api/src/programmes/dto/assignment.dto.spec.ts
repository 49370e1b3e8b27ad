import { createValidationPipe } from '../../common/validation';
import { RecordStatusDto } from './assignment.dto';

// The status act takes the words Swedish follow-up reports use, as the README and OpenAPI say.
describe('RecordStatusDto', () => {
  const pipe = createValidationPipe();
  const parse = (body: unknown) => pipe.transform(body, { type: 'body', metatype: RecordStatusDto }) as Promise<RecordStatusDto>;

  it.each([
    ['Genomfört', 'done'],
    ['Pågående', 'in_progress'],
    ['Pågår', 'in_progress'],
    ['kvarstår', 'remaining'],
    ['PAUSAD', 'paused'],
    ['Förskjuten', 'postponed'],
    ['in_progress', 'in_progress'],
  ])('reads %s as %s', async (word, status) => {
    await expect(parse({ status: word, comment: 'Enligt plan' })).resolves.toMatchObject({ status, comment: 'Enligt plan' });
  });

  it('refuses a word that is no status, naming the field', async () => {
    await expect(parse({ status: 'Kanske' })).rejects.toMatchObject({
      response: { errors: [expect.objectContaining({ field: 'status', message: expect.stringContaining('Genomfört') })] },
    });
  });
});
