import { usageRows } from '../../../../shared/publicApi/usageMetrics';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readUsageQuery } from './readPeriod';

export const getMtu: ItemOperation = {
	async execute(itemIndex) {
		const { scope, period } = readUsageQuery(this, itemIndex);
		return (await usageRows(this, 'mtu', scope, period)).map((row) => ({ period, ...row }));
	},
};
