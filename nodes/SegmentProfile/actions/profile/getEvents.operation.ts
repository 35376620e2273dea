import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeTimestamp } from '../../../shared/messages/timestamp';
import { eventPages, readProfilePages } from '../../../shared/profiles/profileClient';
import { inputText, kindOf, shortQuote } from '../../../shared/inputText';
import { splitList } from '../../../shared/splitList';
import { showForProfile } from './fields';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { readMax } from '../../../shared/actions/listFields';
import { entriesOrNotFound, readFilters, readProfileRef } from './profileParameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Segment keeps the events of the last 14 days for the Profile API',
		name: 'eventsNotice',
		type: 'notice',
		default: '',
		displayOptions: showForProfile(['getEvents']),
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showForProfile(['getEvents']),
		options: [
			{
				displayName: 'Exclude Events',
				name: 'exclude',
				type: 'string',
				default: '',
				placeholder: 'Page Viewed',
				description: 'Leave out events with these names, separated by commas',
			},
			{
				displayName: 'From',
				name: 'start',
				type: 'dateTime',
				default: '',
				description: 'Only events at or after this time',
			},
			{
				displayName: 'Include Events',
				name: 'include',
				type: 'string',
				default: '',
				placeholder: 'Order Completed, Signed Up',
				description: 'Only events with these names, separated by commas',
			},
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
				default: 'desc',
			},
			{
				displayName: 'To',
				name: 'end',
				type: 'dateTime',
				default: '',
				description: 'Only events before this time',
			},
		],
	},
];

// n8n's date picker gives a time without a zone; it is read as the server's local time.
function dateFilter(ctx: IExecuteFunctions, value: unknown, itemIndex: number, label: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date || typeof (value as { toJSDate?: unknown }).toJSDate === 'function') return normalizeTimestamp(value);
	if (typeof value === 'object') throw new NodeOperationError(ctx.getNode(), `${label} must be a date, not ${kindOf(value)}`, { itemIndex });
	const text = inputText(value, label);
	const date = new Date(text);
	if (Number.isNaN(date.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `${label} ${shortQuote(text)} is not a date`, { itemIndex });
	}
	return date.toISOString();
}

export const getEvents: ItemOperation = {
	async execute(itemIndex) {
		const profile = readProfileRef(this, itemIndex);
		const filters = readFilters(this, itemIndex);
		const query: IDataObject = { sort: filters.sort === 'asc' ? 'asc' : 'desc' };
		const start = dateFilter(this, filters.start, itemIndex, 'From');
		const end = dateFilter(this, filters.end, itemIndex, 'To');
		if (start) query.start = start;
		if (end) query.end = end;
		const include = splitList(filters.include, 'Include Events');
		const exclude = splitList(filters.exclude, 'Exclude Events');
		if (include.length) query.include = include.join(',');
		if (exclude.length) query.exclude = exclude.join(',');
		const result = await readProfilePages(this, profile, 'events', query, eventPages(readMax(this, itemIndex)));
		return await entriesOrNotFound(this, itemIndex, profile, result);
	},
};
