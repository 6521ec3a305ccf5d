export * from './topics';
export * from './event-types';
export * from './schemas/common';
export * from './schemas/families';
export * from './schemas/envelope';
export * from './internal';
