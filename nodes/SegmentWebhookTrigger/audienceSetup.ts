import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ENGAGE_HINTS } from '../shared/publicApi/engageHints';
import { pathSegment } from '../shared/publicApi/pathSegment';
import { publicApiDelete, publicApiRequest } from '../shared/transport/publicApiTransport';
import type { AudienceRef, SetupPlan } from './setupPlan';
import { audienceActivationInput, audienceConnectionInput } from './setupPlan';
import type { SetupState } from './webhookSecret';

/**
 * Audience Changes mode, set up automatically: the Engage audience is connected to the
 * Webhooks destination the set-up made, and activated there, so Engage sends each
 * membership change through it; deactivating undoes exactly that. All of it is alpha.
 */

export const AUDIENCE_SETUP_HINT =
	"Connecting an audience to a destination is an alpha part of Segment's Public API (Engage, Audience feature). Or connect it by hand: Engage → Audiences → the audience → Add Destination → the Webhooks destination, and set this node up By Hand in Segment.";

function audiencePath(audience: Pick<AudienceRef, 'spaceId' | 'audienceId'>): string {
	return `/spaces/${pathSegment(audience.spaceId, 'Space')}/audiences/${pathSegment(audience.audienceId, 'Audience')}`;
}

/** Connects the audience to the destination and activates it; returns the activation's ID. */
export async function connectAudience(ctx: IHookFunctions, plan: SetupPlan, destinationId: string): Promise<string | undefined> {
	const audience = plan.audience!;
	const base = audiencePath(audience);
	const connected = await publicApiRequest(ctx, {
		method: 'POST',
		path: `${base}/destination-connections`,
		version: 'alpha',
		body: audienceConnectionInput(destinationId),
		hints: ENGAGE_HINTS,
	});
	const connectionId = pathSegment((connected.connection as IDataObject | undefined)?.id, 'The connection ID Segment gave');
	const activated = await publicApiRequest(ctx, {
		method: 'POST',
		path: `${base}/destination-connections/${connectionId}/activations`,
		version: 'alpha',
		body: audienceActivationInput(plan),
		hints: ENGAGE_HINTS,
	}).catch(async (error: unknown) => {
		// A connection without its activation sends nothing: take it away again.
		await publicApiDelete(ctx, { path: `${base}/destination-connections/${pathSegment(destinationId, 'The Webhooks destination ID')}`, version: 'alpha' }).catch(() => undefined);
		return Promise.reject(error instanceof NodeOperationError || error instanceof NodeApiError ? error : new NodeOperationError(ctx.getNode(), error as Error));
	});
	const id = (activated.activation as IDataObject | undefined)?.id;
	return id === undefined ? undefined : String(id);
}

/** Removes the activation and the connection the set-up made; either one already gone is fine. */
export async function disconnectAudience(ctx: IHookFunctions, state: SetupState): Promise<void> {
	if (!state.audienceId || !state.audienceSpaceId || !state.destinationId) return;
	const base = audiencePath({ spaceId: state.audienceSpaceId, audienceId: state.audienceId });
	try {
		if (state.audienceActivationId) {
			await publicApiDelete(ctx, { path: `${base}/activations/${pathSegment(state.audienceActivationId, 'The activation ID')}`, version: 'alpha' });
		}
		await publicApiDelete(ctx, { path: `${base}/destination-connections/${pathSegment(state.destinationId, 'The Webhooks destination ID')}`, version: 'alpha' });
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Could not disconnect the audience ${state.audienceId} from the Webhooks destination: ${(error as Error).message}`, {
			description: 'Remove the destination from the audience by hand in Segment (Engage → Audiences → the audience), or deactivate the workflow again later.',
		});
	}
	delete state.audienceActivationId;
	delete state.audienceId;
	delete state.audienceSpaceId;
}

/** Whether the audience the set-up connected is the one the node now names. */
export function sameAudience(state: SetupState, plan: SetupPlan): boolean {
	return (state.audienceId ?? '') === (plan.audience?.audienceId ?? '') && (state.audienceSpaceId ?? '') === (plan.audience?.spaceId ?? '');
}
