import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationTable } from '../../shared/actions/runPerItem';
import { routePerItem } from '../../shared/actions/runPerItem';
import { audienceOperations } from './engage/audience';
import { computedTraitOperations } from './engage/computedTrait';
import { reverseEtlOperations } from './engage/reverseEtl';
import { auditEventOperations } from './monitoring/auditEvent';
import { deliveryOverviewOperations } from './monitoring/deliveryOverview';
import { usageOperations } from './monitoring/usage';
import { privacyRequestOperations } from './privacyRequest';
import { destinationOperations } from './workspace/destination';
import { destinationFilterOperations } from './workspace/destinationFilter';
import { functionOperations } from './workspace/function';
import { labelOperations } from './workspace/label';
import { sourceOperations } from './workspace/source';
import { suppressionOperations } from './workspace/suppression';
import { trackingPlanOperations } from './workspace/trackingPlan';
import { warehouseOperations } from './workspace/warehouse';
import { writeKeysShape } from './writeKeysInOutput';

/** Every resource of the Public API, by resource and operation. */
export const workspaceOperations: OperationTable = {
	source: sourceOperations,
	destination: destinationOperations,
	trackingPlan: trackingPlanOperations,
	warehouse: warehouseOperations,
	privacyRequest: privacyRequestOperations,
	deliveryOverview: deliveryOverviewOperations,
	usage: usageOperations,
	auditEvent: auditEventOperations,
	audience: audienceOperations,
	computedTrait: computedTraitOperations,
	reverseEtl: reverseEtlOperations,
	destinationFilter: destinationFilterOperations,
	label: labelOperations,
	function: functionOperations,
	suppression: suppressionOperations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routePerItem.call(this, workspaceOperations, { gateToolChanges: true, shapeOutput: writeKeysShape });
}
