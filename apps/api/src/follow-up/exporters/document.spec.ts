import { groupHeading } from './document';

describe('groupHeading', () => {
  it('labels a hierarchy heading with its band', () => {
    expect(groupHeading('Strategiskt utvecklingsuppdrag', 'Öka närvaron')).toBe('Strategiskt utvecklingsuppdrag: Öka närvaron');
  });

  it('does not label a cell twice that already begins with the band’s own label, whatever its case', () => {
    expect(groupHeading('Strategiskt utvecklingsuppdrag', 'Strategiskt utvecklingsuppdrag: Öka närvaron')).toBe('Strategiskt utvecklingsuppdrag: Öka närvaron');
    expect(groupHeading('Strategiskt utvecklingsuppdrag', 'strategiskt  utvecklingsuppdrag – Öka närvaron')).toBe('strategiskt  utvecklingsuppdrag – Öka närvaron');
    expect(groupHeading('Nämndmål', 'Nämndmål')).toBe('Nämndmål');
  });

  it('still labels a title that only starts with the same letters', () => {
    expect(groupHeading('Nämndmål', 'Nämndmålen för 2022')).toBe('Nämndmål: Nämndmålen för 2022');
  });
});
