// Chart drawing tools as pure geometry: the drawing data and its schema, a line's price at a time,
// Fibonacci levels, position and range stats, hit testing, editing and the magnet.
export * from './drawing';
export * from './line';
export * from './fib';
export * from './position';
export * from './measure';
export * from './screen';
export * from './hit-test';
export * from './edit';
export * from './magnet';
