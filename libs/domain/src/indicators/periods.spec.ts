import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { comparePeriods, nextPeriod, parsePeriod, periodContaining, periodicityOf, periodLabel, periodRange, periodsBetween, reportingDeadline } from './periods';

describe('periods', () => {
  it('reads the ways people write terms, months and years', () => {
    expect(['VT 2022', 'vt22', '2022-VT', '2022 ht', 'HT-2022'].map((t) => parsePeriod(t, 'term'))).toEqual(['2022-VT', '2022-VT', '2022-VT', '2022-HT', '2022-HT']);
    expect(['2022-3', '2022/12', '202213'].map((t) => parsePeriod(t, 'month'))).toEqual(['2022-03', '2022-12', null]);
    expect([parsePeriod('2022', 'year'), parsePeriod('2022-VT', 'year'), parsePeriod('Våren 2022', 'term')]).toEqual(['2022', null, null]);
    expect([periodicityOf('2022'), periodicityOf('2022-HT'), periodicityOf('2022-02'), periodicityOf('2022-13')]).toEqual(['year', 'term', 'month', null]);
  });

  it('knows where periods begin and end, and which comes next', () => {
    expect(periodRange('2022-VT')).toEqual({ key: '2022-VT', start: '2022-01-01', end: '2022-06-30' });
    expect(periodRange('2024-02')).toEqual({ key: '2024-02', start: '2024-02-01', end: '2024-02-29' });
    expect([nextPeriod('2022-HT'), nextPeriod('2022-12'), nextPeriod('2022')]).toEqual(['2023-VT', '2023-01', '2023']);
    expect(periodContaining('term', '2022-07-01')).toBe('2022-HT');
    expect(periodsBetween('term', '2022-03-01', '2023-08-01')).toEqual(['2022-VT', '2022-HT', '2023-VT', '2023-HT']);
    expect(['2023-VT', '2022-HT', '2022-VT'].sort(comparePeriods)).toEqual(['2022-VT', '2022-HT', '2023-VT']);
  });

  it('puts the reporting deadline working days after the period, on the Swedish calendar', () => {
    // 2022-12-31 is a Saturday; the 10th working day after it skips trettondedag jul (6 January).
    expect(reportingDeadline('2022-HT', 10, new WorkingDayCalendar())).toBe('2023-01-16');
    expect(periodLabel('2022-HT', 'sv')).toBe('HT 2022');
    expect(periodLabel('2022-HT', 'en')).toBe('Autumn 2022');
    expect(periodLabel('2022-03', 'sv')).toBe('mars 2022');
  });
});
