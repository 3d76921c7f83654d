import { core } from '@coinview/eslint-config/core';

export default core(import.meta.dirname);
