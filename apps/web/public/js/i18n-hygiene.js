// The API's refusals of spoofing characters, absurd dates, zip bombs and unknown addresses,
// in Swedish and English. Merged into the dictionaries by i18n.js.

export const hygieneSv = {
  'code.invalid_characters': 'Texten innehåller osynliga tecken eller tecken som vänder skriftriktningen. Ta bort dem och försök igen.',
  'code.date_out_of_range': 'Datumet måste ligga mellan 2000-01-01 och 2100-12-31.',
  'code.file_too_large_unpacked': 'Filen packas upp till mer än en import läser (32 MB). Spara tabellen som en ny XLSX- eller CSV-fil och försök igen.',
  'code.not_found': 'Det finns inget på den adressen.',
};

export const hygieneEn = {
  'code.invalid_characters': 'The text contains invisible characters or characters that change the writing direction. Remove them and try again.',
  'code.date_out_of_range': 'The date must be between 2000-01-01 and 2100-12-31.',
  'code.file_too_large_unpacked': 'The file unpacks to more than an import reads (32 MB). Save the table as a new XLSX or CSV file and try again.',
  'code.not_found': 'There is nothing at that address.',
};
