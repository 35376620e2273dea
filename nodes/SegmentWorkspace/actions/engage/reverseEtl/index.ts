import type { INodeProperties } from 'n8n-workflow';

import { resourcePicker, reverseEtlModelPicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { waitFields } from '../../common/waitFields';
import { CANCEL_REASONS, cancelSync } from './cancelSync.operation';
import { getModel } from './getModel.operation';
import { getModels } from './getModels.operation';
import { getSync } from './getSync.operation';
import { getSyncs } from './getSyncs.operation';
import { startSync, SYNC_WAIT } from './startSync.operation';
import { showFor } from '../../../../shared/actions/displayFor';

export const reverseEtlOperations: Record<string, ItemOperation> = { getModels, getModel, startSync, getSync, getSyncs, cancelSync };

const show = showFor('reverseEtl');

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: show() },
		options: [
			{ name: 'Cancel Sync', value: 'cancelSync', action: 'Cancel a sync in progress so that the records not yet sent are not sent', description: 'Stop a sync in progress (Segment takes a few seconds)' },
			{ name: 'Get Many Models', value: 'getModels', action: 'Get many models of the warehouse that syncs send from', description: 'The Reverse ETL models of the workspace, one item each' },
			{ name: 'Get Model', value: 'getModel', action: 'Get a model with its SQL and source and whether it is on', description: 'A model: its SQL, its source and whether it is on' },
			{ name: 'Get Sync', value: 'getSync', action: 'Get a sync with its status and counts of records', description: 'The status of one sync, with its counts of records' },
			{ name: 'Get Syncs', value: 'getSyncs', action: 'Get the syncs of a mapping newest first', description: "The syncs of one of a model's mappings, newest first, one item each" },
			{ name: 'Start Sync', value: 'startSync', action: 'Start a sync that sends the records of a model to a destination now', description: "Sync a model's mapping now and, by default, wait until it is done" },
		],
		default: 'startSync',
	},
	{
		displayName: "A sync runs the model's query in the warehouse and sends the changed rows to the mapping's destination (alpha in Segment's Public API)",
		name: 'reverseEtlNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: show() },
	},
	{ ...reverseEtlModelPicker, displayOptions: { show: show(['getModel', 'startSync', 'getSync', 'getSyncs', 'cancelSync']) } },
	{
		...resourcePicker({
			displayName: 'Mapping (Subscription)',
			name: 'subscriptionId',
			searchListMethod: 'searchReverseEtlMappings',
			idPlaceholder: '1234',
			description: "Which of the model's mappings to sync, picked from them or given by its ID (in Segment, the number after /mappings/ in the address of the mapping's page)",
		}),
		displayOptions: { show: show(['startSync', 'getSyncs']) },
	},
	{
		...resourcePicker({
			displayName: 'Source',
			name: 'sourceId',
			searchListMethod: 'searchSources',
			idPlaceholder: 'qQEHquLrjRDN9j1ByrChyn',
			description: "The model's Reverse ETL source; empty: read from the model (one more request)",
		}),
		required: false,
		displayOptions: { show: show(['startSync']) },
	},
	...waitFields({
		...SYNC_WAIT,
		show: show(['startSync']),
		displayName: 'Wait for Completion',
		description:
			'Whether to wait until the sync succeeds or fails and return its counts; a failed sync fails the item. Off, the item returns the Sync ID at once.',
	}),
	{
		...resourcePicker({
			displayName: 'Sync',
			name: 'syncId',
			searchListMethod: 'searchReverseEtlSyncs',
			idPlaceholder: 'the syncId that Start Sync returned',
			description: "The sync, picked from the model's newest syncs or given by the syncId that Start Sync returned",
		}),
		displayOptions: { show: show(['getSync', 'cancelSync']) },
	},
	{
		displayName: 'Reason',
		name: 'reasonForCanceling',
		type: 'options',
		options: CANCEL_REASONS,
		default: 4,
		displayOptions: { show: show(['cancelSync']) },
	},
	...returnAllFields(show(['getModels', 'getSyncs'])),
];
