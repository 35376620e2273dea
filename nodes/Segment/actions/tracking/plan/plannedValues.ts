import type { IExecuteFunctions, ILoadOptionsFunctions, INodeProperties, ResourceMapperField, ResourceMapperFields, ResourceMapperValue } from 'n8n-workflow';

import { InvalidInputError } from '../../../../shared/InvalidInputError';
import { readParameter } from '../parameters';
import type { PlannedField } from '../../../../shared/protocols/plannedFields';
import { convertToPlan, plannedFields } from '../../../../shared/protocols/plannedFields';
import { loadTrackingPlan } from '../../../../shared/protocols/planLoader';
import type { TrackingPlan } from '../../../../shared/protocols/trackingPlan';
import { ruleFor } from '../../../../shared/protocols/trackingPlan';

/**
 * Properties (traits for identify and group) mapped field by field from the chosen plan:
 * each planned field with its type and whether it is required, filled from input fields
 * or expressions. Properties (JSON) stays the default and keeps its meaning.
 */

const PROPERTY_OPERATIONS = ['track', 'page', 'screen'];
const TRAIT_OPERATIONS = ['identify', 'group'];
const MAPPED_OPERATIONS = [...PROPERTY_OPERATIONS, ...TRAIT_OPERATIONS];

export const plannedValueFields: INodeProperties[] = [
	{
		displayName: 'Properties Mode',
		name: 'propertiesMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'JSON', value: 'json', description: 'Properties (or Traits) as one JSON object, as without a plan' },
			{ name: 'From the Tracking Plan', value: 'fromPlan', description: "Map each of the plan's properties (or traits) to a value" },
		],
		default: 'json',
		displayOptions: { show: { resource: ['tracking'], operation: MAPPED_OPERATIONS }, hide: { trackingPlanId: [''] } },
		description: 'How to give the properties (traits for identify and group)',
	},
	{
		displayName: 'Planned Fields',
		name: 'plannedValues',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['trackingPlanId.value', 'event', 'operation'],
			resourceMapper: {
				resourceMapperMethod: 'getPlannedFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { resource: ['tracking'], operation: MAPPED_OPERATIONS, propertiesMode: ['fromPlan'] }, hide: { trackingPlanId: [''] } },
		description:
			"The plan's properties of the chosen event (traits for identify and group), each with its type: values are converted to that type where nothing is lost (\"49.90\" becomes 49.9), refused otherwise; empty fields are left out",
	},
];

/** Which field of the message the mapped values fill. */
export function mappedField(operation: string): 'properties' | 'traits' {
	return TRAIT_OPERATIONS.includes(operation) ? 'traits' : 'properties';
}

function fieldType(field: PlannedField): Pick<ResourceMapperField, 'type' | 'options'> {
	if (field.enumValues && field.enumValues.every((value) => ['string', 'number', 'boolean'].includes(typeof value))) {
		return { type: 'options', options: field.enumValues.map((value) => ({ name: String(value), value: value as string | number | boolean })) };
	}
	if (field.types.includes('number') || field.types.includes('integer')) return { type: 'number' };
	for (const type of ['boolean', 'object', 'array'] as const) if (field.types.length === 1 && field.types[0] === type) return { type };
	return { type: 'string' };
}

/** The fields n8n's editor shows: the planned properties (or traits) of the call, for the chosen event. */
export async function getPlannedFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const planId = this.getCurrentNodeParameter('trackingPlanId', { extractValue: true });
	if (planId === undefined || planId === null || String(planId).trim() === '') return { fields: [], emptyFieldsNotice: 'Choose a Tracking Plan first' };
	const operation = String(this.getCurrentNodeParameter('operation') ?? '');
	const event = this.getCurrentNodeParameter('event');
	const plan = await loadTrackingPlan(this, planId);
	const rule = ruleFor(plan, { type: operation, event });
	if (!rule) {
		return { fields: [], emptyFieldsNotice: operation === 'track' ? "Choose one of the plan's events: its properties are listed here" : `The plan "${plan.name}" has no rule for ${operation} calls` };
	}
	const fields = plannedFields(rule.rule, mappedField(operation));
	return {
		fields: fields.map((field) => ({ id: field.name, displayName: field.name, required: field.required, defaultMatch: false, display: true, ...fieldType(field) })),
		emptyFieldsNotice: `The rule ${rule.label} lists no ${mappedField(operation)}`,
	};
}

/** The item's mapped values, converted to the plan's types; undefined in JSON mode. */
export function readPlannedValues(ctx: IExecuteFunctions, itemIndex: number, message: Record<string, unknown>, plan: TrackingPlan | undefined): Record<string, unknown> | undefined {
	if (readParameter(ctx, 'propertiesMode', itemIndex, 'json') !== 'fromPlan') return undefined;
	if (!plan) throw new InvalidInputError('Properties Mode is From the Tracking Plan, but no Tracking Plan is chosen', 'Choose a Tracking Plan, or set Properties Mode to JSON.');
	const mapper = ctx.getNodeParameter('plannedValues', itemIndex, { mappingMode: 'defineBelow', value: null }) as ResourceMapperValue;
	const field = mappedField(String(message.type));
	const rule = ruleFor(plan, message);
	const fields = rule ? plannedFields(rule.rule, field) : [];
	const input = ctx.getInputData()[itemIndex]?.json ?? {};
	const given: Record<string, unknown> =
		mapper.mappingMode === 'autoMapInputData' ? Object.fromEntries(fields.filter((planned) => planned.name in input).map((planned) => [planned.name, input[planned.name]])) : { ...(mapper.value ?? {}) };
	return convertToPlan(given, fields, field === 'traits' ? 'Traits' : 'Properties');
}
