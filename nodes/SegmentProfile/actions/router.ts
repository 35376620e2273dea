import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationTable } from '../../shared/actions/runPerItem';
import { routePerItem } from '../../shared/actions/runPerItem';
import { profileOperations } from './profile';

const operations: OperationTable = { profile: profileOperations };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routePerItem.call(this, operations);
}
