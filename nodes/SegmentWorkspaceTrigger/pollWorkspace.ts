import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../shared/InvalidInputError';
import type { Watch, WorkspaceTriggerState } from './watchContext';
import { auditEvents } from './watches/auditEvents';
import { deliveryFailures } from './watches/deliveryFailures';
import { mtuThreshold } from './watches/mtuThreshold';
import { sourceSilent } from './watches/sourceSilent';
import { volumeChange } from './watches/volumeChange';

const WATCHES: Record<string, Watch> = { deliveryFailures, sourceSilent, volumeChange, auditEvents, mtuThreshold };

/**
 * One poll: the chosen watch measures the workspace, decides (pure rules and episodes)
 * what is news, and keeps its state in the workflow's static data, which n8n saves after a
 * successful poll. A failed poll throws, and shows in the execution list.
 */
export async function pollWorkspace(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const watchName = String(ctx.getNodeParameter('watch', 'deliveryFailures'));
	const watch = WATCHES[watchName];
	if (!watch) throw new InvalidInputError(`Watch "${watchName}" is not known`);
	const manual = ctx.getMode() === 'manual';
	const stored = ctx.getWorkflowStaticData('node') as WorkspaceTriggerState;
	// Fetch Test Event shows what the watch sees now and keeps nothing.
	const state: WorkspaceTriggerState = manual ? JSON.parse(JSON.stringify(stored)) : stored;
	const items = await watch({ ctx, state, nowMs: Date.now(), manual });
	return items.length > 0 ? [items.map((json: IDataObject) => ({ json }))] : null;
}
