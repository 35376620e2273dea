import { queryStart, startCursor, takeNewEvents } from '../nodes/shared/eventCursor';
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
		expect(Object.keys(result.state.seen)).toEqual(['d']);
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
