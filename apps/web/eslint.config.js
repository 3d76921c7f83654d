import { next } from '@coinview/eslint-config/next';

export default next(import.meta.dirname);
