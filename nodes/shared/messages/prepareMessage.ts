import { InvalidMessageError } from './InvalidMessageError';
import { nestedTooDeeply, tooDeepText } from '../jsonDepth';
import { SEGMENT_LIMITS } from '../transport/limits';
import { contentMessageId } from './messageId';
import { normalizeTimestamp } from './timestamp';
import type { MessageType, PreparedMessage, SegmentMessage } from './types';
import { isMessageType, MESSAGE_TYPES } from './types';

export interface MessageDefaults {
	/** The timestamp of messages that bring none: the moment the node ran. */
	now: string;
	library: { name: string; version: string };
	/** Derive the messageId from the message's content instead of a new UUID. */
	messageIdFromContent?: boolean;
	newMessageId: () => string;
}

const ID_FIELDS = ['userId', 'anonymousId', 'groupId', 'previousId'] as const;
const OBJECT_FIELDS = ['properties', 'traits', 'context', 'integrations'] as const;
const PAYLOAD_FIELD: Partial<Record<MessageType, 'properties' | 'traits'>> = {
	track: 'properties',
	page: 'properties',
	screen: 'properties',
	identify: 'traits',
	group: 'traits',
};

export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return `the text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
	if (typeof value === 'object') return 'an object';
	return `${typeof value === 'boolean' ? 'the boolean' : 'the ' + typeof value} ${String(value)}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Spreadsheets and expressions hand ids over as numbers; Segment wants strings. */
function normalizeId(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	throw new InvalidMessageError(`"${field}" must be text or a number, not ${describeValue(value)}`);
}

function aCall(type: string): string {
	return `${/^[aeiou]/.test(type) ? 'An' : 'A'} ${type} call`;
}

function requireText(message: Record<string, unknown>, field: string, call: string): void {
	const value = message[field];
	if (typeof value !== 'string' || value.trim() === '') {
		throw new InvalidMessageError(
			`${aCall(call)} needs "${field}"${value === undefined || value === '' ? '' : `, got ${describeValue(value)}`}`,
			'Segment accepts such a message with a 200 and then drops it without a word, so it is not sent.',
		);
	}
}

function checkIdentity(message: Record<string, unknown>, type: MessageType): void {
	if (type === 'alias') {
		if (message.userId === undefined || message.previousId === undefined) {
			throw new InvalidMessageError(
				'An alias call needs both "userId" (the new id) and "previousId" (the id it replaces)',
			);
		}
		return;
	}
	if (message.userId === undefined && message.anonymousId === undefined) {
		throw new InvalidMessageError(
			`${aCall(type)} needs a "userId" or an "anonymousId"`,
			'Segment accepts a message without either with a 200 and then drops it without a word, so it is not sent.',
		);
	}
}

function checkMessageId(messageId: unknown): string {
	const id = normalizeId(messageId, 'messageId');
	if (id === undefined) throw new InvalidMessageError('"messageId" is empty');
	if (id.length > SEGMENT_LIMITS.maxMessageIdLength) {
		throw new InvalidMessageError(
			`"messageId" has ${id.length} characters; Segment drops messages whose messageId is longer than ${SEGMENT_LIMITS.maxMessageIdLength}`,
		);
	}
	return id;
}

/**
 * `label` names the message in errors where an item has several.
 *
 * Turns one message as a user wrote it (Segment's field names, `type` included) into the
 * message that goes on the wire, or says in words why it cannot be sent. Pure: the clock,
 * ids and library come in through `defaults`.
 */
export function prepareMessage(
	input: Record<string, unknown>,
	defaults: MessageDefaults,
	label?: string,
): PreparedMessage {
	let failure: unknown;
	try {
		return prepare(input, defaults);
	} catch (error) {
		failure = error;
	}
	if (label === undefined || !(failure instanceof InvalidMessageError)) throw failure;
	throw new InvalidMessageError(`${label}: ${failure.message}`, failure.hint);
}

const NAME_FIELDS = ['name', 'category'] as const;
// Fields whose value is checked, and dropped when empty, before the message is built.
const NORMALIZED_FIELDS = new Set<string>([...ID_FIELDS, ...OBJECT_FIELDS, ...NAME_FIELDS]);

function prepare(input: Record<string, unknown>, defaults: MessageDefaults): PreparedMessage {
	if (nestedTooDeeply(input)) throw new InvalidMessageError(tooDeepText('The message'));
	const type = input.type;
	if (!isMessageType(type)) {
		throw new InvalidMessageError(
			`"type" must be one of ${MESSAGE_TYPES.join(', ')}; got ${type === undefined ? 'nothing' : describeValue(type)}`,
		);
	}
	// The checks first, in the order their errors are reported; the message is then built
	// once, in the input's field order, without deleting fields (which would put the object
	// in V8's slow dictionary mode for every step after it, serialising included).
	const normalized: Record<string, unknown> = {};
	for (const field of ID_FIELDS) normalized[field] = normalizeId(input[field], field);
	for (const field of OBJECT_FIELDS) {
		const value = input[field];
		if (value === undefined || value === null) normalized[field] = undefined;
		else if (!isPlainObject(value)) {
			throw new InvalidMessageError(`"${field}" must be a JSON object, not ${describeValue(value)}`);
		} else normalized[field] = value;
	}
	checkIdentity(normalized, type);
	if (type === 'track') requireText(input, 'event', 'track');
	if (type === 'group') requireText(normalized, 'groupId', 'group');
	for (const field of NAME_FIELDS) {
		const value = input[field];
		if (value === undefined || value === null || value === '') normalized[field] = undefined;
		else if (typeof value !== 'string') {
			throw new InvalidMessageError(`"${field}" must be text, not ${describeValue(value)}`);
		} else normalized[field] = value;
	}

	const draft: Record<string, unknown> = {};
	for (const field of Object.keys(input)) {
		if (field === 'messageId') continue;
		const value = NORMALIZED_FIELDS.has(field) ? normalized[field] : input[field];
		if (value !== undefined) draft[field] = value;
	}

	const payloadField = PAYLOAD_FIELD[type];
	if (payloadField) draft[payloadField] = { ...((draft[payloadField] as object | undefined) ?? {}) };
	// Segment's libraries copy a page's category into its properties, where destinations read it.
	if (type === 'page' && draft.category !== undefined) {
		(draft.properties as Record<string, unknown>).category = draft.category;
	}

	draft.timestamp =
		draft.timestamp === undefined || draft.timestamp === null || draft.timestamp === ''
			? defaults.now
			: normalizeTimestamp(draft.timestamp);
	draft.context = { library: defaults.library, ...(draft.context as Record<string, unknown> | undefined) };

	const messageId = input.messageId;
	draft.messageId =
		messageId !== undefined && messageId !== null && messageId !== ''
			? checkMessageId(messageId)
			: defaults.messageIdFromContent
				? contentMessageId(draft)
				: defaults.newMessageId();

	const message = draft as SegmentMessage;
	const json = JSON.stringify(message);
	const bytes = Buffer.byteLength(json, 'utf8');
	if (bytes >= SEGMENT_LIMITS.maxMessageBytes) {
		throw new InvalidMessageError(
			`The message is ${bytes.toLocaleString('en-US')} bytes; Segment rejects messages of ${SEGMENT_LIMITS.maxMessageBytes.toLocaleString('en-US')} bytes or more, and with them every other message in the same request`,
			'Send fewer or shorter properties or traits.',
		);
	}
	return { message, json, bytes };
}
