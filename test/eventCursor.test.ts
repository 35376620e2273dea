import { queryStart, readCursorState, startCursor, takeNewEvents } from '../nodes/shared/eventCursor';
import { diffTraits, watchedTraits } from '../nodes/shared/profiles/traitChanges';

const T0 = Date.parse('2024-01-15T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const event = (id: string, minutes: number) => ({ message_id: id, timestamp: at(minutes) });
const WINDOW = 10 * 60_000;

describe('the event cursor of the trigger', () => {
	test('starts at activation, or earlier by the look-back', () => {
		expect(startCursor(T0, 0)).toEqual({ floor: at(0), cursor: at(0), seen: {} });
		expect(startCursor(T0, 60 * 60_000).floor).toBe(at(-60));
	});

	test('asks again for the late-arrival window, never before the floor', () => {
		const state = { floor: at(0), cursor: at(30), seen: {} };
		expect(queryStart(state, WINDOW)).toBe(at(20));
		expect(queryStart({ ...state, cursor: at(5) }, WINDOW)).toBe(at(0));
	});

	test('emits each message_id once, oldest first, and forgets ids that left the window', () => {
		let state = startCursor(T0, 0);
		let result = takeNewEvents(state, [event('b', 2), event('a', 1), event('old', -1)], WINDOW);
		expect(result.fresh.map((e) => e.message_id)).toEqual(['a', 'b']);
		state = result.state;
		result = takeNewEvents(state, [event('b', 2), event('c', 2), event('d', 30)], WINDOW);
		expect(result.fresh.map((e) => e.message_id)).toEqual(['c', 'd']);
		expect(result.state.cursor).toBe(at(30));
		expect(Object.keys(result.state.seen)).toEqual(['id:d']);
	});

	const NOW = T0 + 60 * 60_000;

	test('events without an ID are told apart by their content, each emitted once', () => {
		let result = takeNewEvents(startCursor(T0, 0), [{ timestamp: at(1), type: 'A' }, { timestamp: at(1), type: 'B' }], WINDOW, (e: Record<string, unknown>) => e.id, NOW);
		expect(result.fresh.map((e) => e.type).sort()).toEqual(['A', 'B']);
		result = takeNewEvents(result.state, [{ timestamp: at(1), type: 'B' }, { timestamp: at(2), type: 'C' }], WINDOW, (e: Record<string, unknown>) => e.id, NOW);
		expect(result.fresh.map((e) => e.type)).toEqual(['C']);
	});

	test("IDs such as __proto__ or constructor are only keys: emitted once, and the state's prototype untouched", () => {
		const events = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'].map((id, n) => ({ id, timestamp: at(n + 1) }));
		let result = takeNewEvents(startCursor(T0, 0), events, WINDOW, (e: Record<string, unknown>) => e.id, NOW);
		expect(result.fresh.map((e) => e.id)).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
		expect(Object.getPrototypeOf(result.state.seen)).toBe(Object.prototype);
		result = takeNewEvents(readCursorState(JSON.parse(JSON.stringify(result.state)))!, events, WINDOW, (e: Record<string, unknown>) => e.id, NOW);
		expect(result.fresh).toEqual([]);
	});

	test('an event stamped far ahead of the clock is emitted once, and the cursor stays at the clock: later real events are not skipped', () => {
		let result = takeNewEvents(startCursor(T0, 0), [{ message_id: 'future', timestamp: '2099-01-01T00:00:00.000Z' }, event('a', 5)], WINDOW, undefined, NOW);
		expect(result.fresh.map((e) => e.message_id)).toEqual(['a', 'future']);
		expect(Date.parse(result.state.cursor)).toBeLessThanOrEqual(NOW + 60_000);
		expect(queryStart(result.state, WINDOW) <= at(55)).toBe(true);
		result = takeNewEvents(result.state, [event('b', 58), { message_id: 'future', timestamp: '2099-01-01T00:00:00.000Z' }], WINDOW, undefined, NOW);
		expect(result.fresh.map((e) => e.message_id)).toEqual(['b']);
	});

	test('an event whose time cannot be read is still emitted once, and moves nothing', () => {
		const odd = [{ message_id: 'x', timestamp: 'yesterday' }, { message_id: 'y' }, { message_id: 'z', timestamp: null }];
		let result = takeNewEvents(startCursor(T0, 0), odd, WINDOW, undefined, NOW);
		expect(result.fresh.map((e) => e.message_id)).toEqual(['x', 'y', 'z']);
		expect(result.state.cursor).toBe(at(0));
		result = takeNewEvents(result.state, odd, WINDOW, undefined, NOW);
		expect(result.fresh).toEqual([]);
	});

	test('state kept by another version, or corrupt, is not a cursor: none is read, and the trigger starts afresh', () => {
		for (const stored of [null, 'x', [], { floor: 'soon', cursor: at(1), seen: {} }, { floor: at(0) }]) expect(readCursorState(stored)).toBeUndefined();
		expect(readCursorState({ floor: at(0), cursor: at(1), seen: { old: at(1), broken: 'never' } })).toEqual({ floor: at(0), cursor: at(1), seen: { 'id:old': at(1) } });
	});
});

describe('trait changes', () => {
	test('watched traits only, all when none named', () => {
		expect(watchedTraits({ a: 1, b: 2 }, ['a', 'z'])).toEqual({ a: 1 });
		expect(watchedTraits({ a: 1, b: 2 }, [])).toEqual({ a: 1, b: 2 });
	});

	test('old and new values; appeared and removed traits use null', () => {
		expect(diffTraits({ plan: 'free', gone: 1, same: { x: 1 } }, { plan: 'pro', added: true, same: { x: 1 } })).toEqual({
			plan: { old: 'free', new: 'pro' },
			gone: { old: 1, new: null },
			added: { old: null, new: true },
		});
	});
});
