import { react } from '@coinview/eslint-config/react';

export default react(import.meta.dirname);
