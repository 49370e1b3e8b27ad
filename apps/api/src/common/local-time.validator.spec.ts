import { IsOptional, IsString, validateSync } from 'class-validator';
import { IsLocalTime, LOCAL_TIME_MESSAGE } from './local-time.validator';

class Meeting {
  @IsLocalTime()
  @IsString()
  @IsOptional()
  startTime?: string;
}

function errorsFor(startTime: unknown): string[] {
  const meeting = Object.assign(new Meeting(), { startTime });
  return validateSync(meeting).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('IsLocalTime', () => {
  it.each(['00:00', '08:05', '13:00', '23:59'])('accepts %s', (time) => {
    expect(errorsFor(time)).toEqual([]);
  });

  it.each(['24:00', '8:00', '12:60', '12:00:00', ' 12:00', '1200'])('refuses %s as a time', (time) => {
    expect(errorsFor(time)).toContain(LOCAL_TIME_MESSAGE);
  });
});
