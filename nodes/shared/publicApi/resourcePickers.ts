import type { INodeProperties } from 'n8n-workflow';

/** A workspace resource chosen from a searchable list, or given by its ID. */
export interface ResourcePicker {
	displayName: string;
	name: string;
	searchListMethod: string;
	idPlaceholder: string;
	description: string;
}

export function resourcePicker(picker: ResourcePicker): INodeProperties {
	return {
		displayName: picker.displayName,
		name: picker.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: picker.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: picker.searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: picker.idPlaceholder },
		],
	};
}

export const sourcePicker = resourcePicker({
	displayName: 'Source',
	name: 'sourceId',
	searchListMethod: 'searchSources',
	idPlaceholder: 'qQEHquLrjRDN9j1ByrChyn',
	description: 'The source, picked from the workspace or given by its ID (Segment: the source\'s Settings → API Keys → Source ID)',
});

export const destinationPicker = resourcePicker({
	displayName: 'Destination',
	name: 'destinationId',
	searchListMethod: 'searchDestinations',
	idPlaceholder: 'fP7qoQw2HTWt9WdMr718gn',
	description: 'The destination, picked from the workspace or given by its ID',
});

export const trackingPlanPicker = resourcePicker({
	displayName: 'Tracking Plan',
	name: 'trackingPlanId',
	searchListMethod: 'searchTrackingPlans',
	idPlaceholder: 'tp_sprout_plan1',
	description: 'The tracking plan, picked from the workspace or given by its ID',
});

export const warehousePicker = resourcePicker({
	displayName: 'Warehouse',
	name: 'warehouseId',
	searchListMethod: 'searchWarehouses',
	idPlaceholder: 'r1TbDnDMJMeLW2KiyDJWMv',
	description: 'The warehouse, picked from the workspace or given by its ID',
});

export const spacePicker = resourcePicker({
	displayName: 'Space',
	name: 'spaceId',
	searchListMethod: 'searchSpaces',
	idPlaceholder: 'spa_9aQ1Lj62S4bomZKLF4DPqW',
	description: 'The Engage space, picked from the workspace or given by its ID (Segment: Engage → Settings → Space ID)',
});

export const audiencePicker = resourcePicker({
	displayName: 'Audience',
	name: 'audienceId',
	searchListMethod: 'searchAudiences',
	idPlaceholder: 'aud_0ujsszwN8NRY24YaXiTIE2VWDTS',
	description: 'The audience, picked from the space (searchable by name) or given by its ID',
});

export const computedTraitPicker = resourcePicker({
	displayName: 'Computed Trait',
	name: 'computedTraitId',
	searchListMethod: 'searchComputedTraits',
	idPlaceholder: 'ii_123456789',
	description: 'The computed trait, picked from the space or given by its ID',
});

export const reverseEtlModelPicker = resourcePicker({
	displayName: 'Model',
	name: 'modelId',
	searchListMethod: 'searchReverseEtlModels',
	idPlaceholder: 'iSqt4Ae1XyHuKtw6k1CW2Z',
	description: 'The Reverse ETL model, picked from the workspace or given by its ID',
});

export const sourceCatalogPicker = resourcePicker({
	displayName: 'Catalog Source',
	name: 'metadataId',
	searchListMethod: 'searchSourceCatalog',
	idPlaceholder: 'IqDTy1TpoU',
	description: "The kind of source to make, from Segment's sources catalog (e.g. HTTP API, JavaScript)",
});

export const destinationCatalogPicker = resourcePicker({
	displayName: 'Catalog Destination',
	name: 'metadataId',
	searchListMethod: 'searchDestinationCatalog',
	idPlaceholder: '54521fd525e721e32a72ee91',
	description: "The kind of destination to make, from Segment's destinations catalog (e.g. Mixpanel, Webhooks (Actions))",
});
