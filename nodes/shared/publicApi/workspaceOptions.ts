import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { publicApiList } from '../transport/publicApiTransport';

/** Options for a multi-select of workspace resources: every one, by name, with its ID. */
async function listed(ctx: ILoadOptionsFunctions, path: string, key: string): Promise<INodePropertyOptions[]> {
	const entries = await publicApiList(ctx, { path, key });
	return entries
		.map((entry) => ({ name: String(entry.name ?? entry.id), value: String(entry.id), description: String(entry.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getDestinations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listed(this, '/destinations', 'destinations');
}

export async function getSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listed(this, '/sources', 'sources');
}
