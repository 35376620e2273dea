import { MESSAGE_TYPES } from './delivery';

/** What the automatic setup asks Segment's Public API for. Pure. */

export const WEBHOOKS_ACTIONS_SLUG = 'actions-webhook';
export const SEND_ACTION_SLUG = 'send';

/** The FQL trigger of the subscription: the chosen message types, all of them when none is chosen. */
export function subscriptionTrigger(types: readonly string[]): string {
	const chosen = types.length > 0 ? MESSAGE_TYPES.filter((type) => types.includes(type)) : MESSAGE_TYPES;
	return chosen.map((type) => `type = "${type}"`).join(' or ');
}

export function destinationInput(sourceId: string, metadataId: string, workflowName: string | undefined, secret: string) {
	return {
		sourceId,
		metadataId,
		name: `n8n: ${workflowName || 'workflow'}`.slice(0, 100),
		enabled: true,
		settings: { sharedSecret: secret },
	};
}

export function subscriptionInput(actionId: string, trigger: string, url: string) {
	return {
		name: 'Send to n8n',
		actionId,
		trigger,
		enabled: true,
		settings: { url, method: 'POST', data: { '@path': '$.' } },
	};
}
