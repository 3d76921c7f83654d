import { base } from '@coinview/eslint-config/base';

export default base(import.meta.dirname);
