import type { NewPerson } from './people.service';

/**
 * The password of every demo person. Development only (NODE_ENV=development, the
 * default of `npm start`), documented in README; demo people never exist in test or
 * production databases.
 */
export const DEMO_PASSWORD = 'fullfolj-demo';

/** A small municipality's education administration. Titles are for the reader; roles are per programme. */
export const DEMO_PEOPLE: ReadonlyArray<Omit<NewPerson, 'password'> & { title: string }> = [
  {
    title: 'utbildningsdirektör (programägare, administratör)',
    name: 'Anna Lindqvist',
    email: 'anna.lindqvist@kommun.example',
    organisationUnit: 'Utbildningsförvaltningen',
    canOwnProgrammes: true,
    isAdmin: true,
  },
  {
    title: 'verksamhetschef grundskola (styrgrupp)',
    name: 'Erik Johansson',
    email: 'erik.johansson@kommun.example',
    organisationUnit: 'Grundskoleavdelningen',
  },
  {
    title: 'verksamhetschef gymnasium och vuxenutbildning (styrgrupp)',
    name: 'Fatima Hassan',
    email: 'fatima.hassan@kommun.example',
    organisationUnit: 'Gymnasie- och vuxenutbildningsavdelningen',
  },
  {
    title: 'rektor',
    name: 'Lars Berg',
    email: 'lars.berg@kommun.example',
    organisationUnit: 'Björkskolan',
  },
  {
    title: 'rektor (prefers English)',
    name: 'Sofia Karlsson',
    email: 'sofia.karlsson@kommun.example',
    organisationUnit: 'Ekbackens gymnasium',
    language: 'en',
  },
  {
    title: 'sekreterare',
    name: 'Sara Ek',
    email: 'sara.ek@kommun.example',
    organisationUnit: 'Utbildningsförvaltningens kansli',
  },
  {
    title: 'ledamot i barn- och utbildningsnämnden (referensgrupp)',
    name: 'Karin Holm',
    email: 'karin.holm@kommun.example',
    organisationUnit: 'Barn- och utbildningsnämnden',
  },
];
