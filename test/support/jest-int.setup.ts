// Real servers take longer than jest's 5 s default; this is a ceiling, not a timing assertion.
jest.setTimeout(120_000);
