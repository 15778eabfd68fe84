/** The pure import pipeline: raw sheet → header → mapping → kind → normalised records → plan → portfolio. */
export * from './types';
export * from './normalise';
export * from './headerText';
export * from './synonyms';
export * from './sheetUtil';
export * from './detectHeader';
export * from './mapColumns';
export * from './suggestKind';
export * from './normaliseSheet';
export * from './csv';
export * from './plan';
export * from './signature';
export * from './analyse';
