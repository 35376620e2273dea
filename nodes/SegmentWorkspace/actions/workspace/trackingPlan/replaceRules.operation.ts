import { rulesChange } from './rulesChange';

export const replaceRules = rulesChange('PUT');
