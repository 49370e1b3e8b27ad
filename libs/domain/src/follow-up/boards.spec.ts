import { findBoard, parseBoards } from './boards';

const boards = [
  { code: 'BiN', name: 'Bildningsnämnden' },
  { code: 'BoU', name: 'Barn- och ungdomsnämnden' },
];

describe('the Nämnd column', () => {
  it.each([
    ['BiN', ['BiN']],
    ['bin', ['BiN']],
    [' BoU ', ['BoU']],
    ['BiN, BoU', ['BiN', 'BoU']],
    ['BoU, BiN', ['BiN', 'BoU']],
    ['BiN och BoU', ['BiN', 'BoU']],
    ['BIN OCH BOU', ['BiN', 'BoU']],
    ['BiN/BoU', ['BiN', 'BoU']],
    ['BiN, BiN', ['BiN']],
    ['Bildningsnämnden', ['BiN']],
  ])('reads %j', (input, expected) => {
    expect(parseBoards(input, boards)).toEqual({ ok: true, boards: expected });
  });

  it('names the boards the plan has when a cell names another or none', () => {
    expect(parseBoards('KS', boards)).toEqual({ ok: false, reason: '"KS" is not one of the plan\'s boards (BiN, BoU)' });
    expect(parseBoards('', boards)).toEqual({ ok: false, reason: 'must name at least one board (BiN, BoU)' });
    expect(parseBoards('', boards.slice(0, 1))).toEqual({ ok: true, boards: ['BiN'] });
  });

  it('finds a board for a report filter regardless of case', () => {
    expect(findBoard('bou', boards)?.code).toBe('BoU');
    expect(findBoard('KS', boards)).toBeUndefined();
    expect(findBoard('', boards)).toBeUndefined();
  });
});
