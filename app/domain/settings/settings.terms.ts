/* The settings' vocabulary (the languages search can stem) that /admin in the browser needs, kept free of zod so the browser never downloads it. */

/** PostgreSQL's text-search configurations for the languages a community may write in. */
export const searchLanguages = [
  'english',
  'french',
  'german',
  'spanish',
  'italian',
  'portuguese',
  'dutch',
  'swedish',
  'danish',
  'norwegian',
  'finnish',
  'russian',
  'simple',
] as const
