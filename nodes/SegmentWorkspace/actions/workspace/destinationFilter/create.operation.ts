import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputText } from '../../../../shared/inputText';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { splitList } from '../../../../shared/splitList';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { readCondition, readTitle } from '../../../publicApi/destinationFilter';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { OperationFailure } from '../../../../shared/actions/OperationFailure';
import { readResourceId } from '../../common/publicApiParameters';
import { FILTER_HINTS, filterPath, readActions } from './fields';

/** The destinations the filter goes on: the one picked, then each of Copy to Destinations once. */
function targetsOf(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const first = readResourceId(ctx, 'destinationId', itemIndex, 'Destination');
	const copies = splitList(ctx.getNodeParameter('copyToDestinations', itemIndex, []), 'Copy to Destinations').map((id) => pathSegment(id, 'Copy to Destinations'));
	return [...new Set([first, ...copies])];
}

export const create: ItemOperation = {
	async execute(itemIndex) {
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const filter: IDataObject = {
			if: readCondition(this.getNodeParameter('if', itemIndex, '')),
			actions: readActions(this, itemIndex) as unknown as IDataObject[],
			title: readTitle(this.getNodeParameter('title', itemIndex, '')),
			enabled: this.getNodeParameter('enabled', itemIndex, true) === true,
			...(extra.description !== undefined ? { description: inputText(extra.description, 'Description') } : {}),
		};
		const targets = targetsOf(this, itemIndex);
		// A filter belongs to one source–destination pair: each destination's source is read
		// first, so that a wrong destination stops the item before anything is made.
		const sources: string[] = [];
		for (const target of targets) {
			const data = await publicApiRequest(this, { method: 'GET', path: `/destinations/${target}`, hints: FILTER_HINTS });
			sources.push(String((data.destination as IDataObject | undefined)?.sourceId ?? ''));
		}
		const made: IDataObject[] = [];
		for (const [n, target] of targets.entries()) {
			const outcome = await publicApiRequest(this, { method: 'POST', path: filterPath(target), body: { sourceId: sources[n], ...filter }, hints: FILTER_HINTS }).then(
				(data) => ({ data }),
				(error: Error) => ({ error }),
			);
			if ('data' in outcome) {
				made.push({ ...((outcome.data.filter ?? {}) as IDataObject), destinationId: decodeURIComponent(target) });
				continue;
			}
			if (made.length === 0) throw outcome.error;
			const done = made.map((entry) => entry.destinationId).join(', ');
			throw new OperationFailure(this.getNode(), `The filter was made on ${made.length} of ${targets.length} destinations (${done}); on ${decodeURIComponent(target)}: ${outcome.error.message}`, { created: made }, {
				itemIndex,
				description: 'Do not run the item again as it is: it would make the filter twice on those. Make it on the others only.',
			});
		}
		return made;
	},
};
