import { rulesChange } from './rulesChange';

export const updateRules = rulesChange('PATCH');
