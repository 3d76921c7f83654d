import { base } from '@coinview/eslint-config/base';
import { repositoriesOnly } from '@coinview/eslint-config/repositories';

export default [...base(import.meta.dirname), ...repositoriesOnly];
