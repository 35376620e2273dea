import type { IDataObject } from 'n8n-workflow';

import { FakeSegment } from './fakeSegment';

/** Starts one fake Segment service for a test file and clears its records before each test. */
export function useFakeSegment<T extends FakeSegment>(create: () => T = () => new FakeSegment() as T): { fake: T } {
	const holder = {} as { fake: T };
	beforeAll(async () => {
		holder.fake = await create().start();
	});
	beforeEach(() => {
		holder.fake.clearRecords();
		holder.fake.faults = undefined;
	});
	afterAll(async () => {
		await holder.fake.stop();
	});
	return holder;
}

/** The parsed body of every batch request the fake received, in order. */
export function batchBodies(fake: FakeSegment): IDataObject[] {
	return fake.requests.filter((request) => request.path === '/v1/batch').map((request) => JSON.parse(request.body) as IDataObject);
}

/** The messages on the wire, exactly as the node sent them. */
export function sentMessages(fake: FakeSegment): IDataObject[] {
	return batchBodies(fake).flatMap((body) => body.batch as IDataObject[]);
}

export const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
