import { kindOf, shortQuote } from '../inputText';
import { InvalidMessageError } from './InvalidMessageError';

const EXPECTED_FORM = 'an ISO-8601 date and time with a timezone, e.g. 2024-01-15T08:30:00.000Z or 2024-01-15T09:30:00+01:00';

// Date, time and an explicit zone: without the zone the instant depends on whichever
// machine reads it, so it is refused rather than guessed.
const ISO_WITH_ZONE =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

interface DateLike {
	toJSDate(): Date;
}

function isDateLike(value: unknown): value is DateLike {
	return typeof value === 'object' && value !== null && typeof (value as DateLike).toJSDate === 'function';
}

function fromDate(date: Date, shown: string): string {
	if (Number.isNaN(date.getTime())) {
		throw new InvalidMessageError(`Timestamp ${shown} is not a valid date`, `Use ${EXPECTED_FORM}.`);
	}
	return date.toISOString();
}

// Segment's own form, as most sources and exports write it: one parse checks it.
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function fromString(text: string): string {
	if (CANONICAL.test(text)) {
		const date = new Date(text);
		// A rolled-over date (2024-02-30) does not come back as it went in.
		if (!Number.isNaN(date.getTime()) && date.toISOString() === text) return text;
	}
	const match = ISO_WITH_ZONE.exec(text.trim());
	if (!match) {
		const reason = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text.trim())
			? 'has no timezone'
			: 'is not an ISO-8601 date and time';
		throw new InvalidMessageError(`Timestamp ${shortQuote(text)} ${reason}`, `Use ${EXPECTED_FORM}.`);
	}
	const [, year, month, day, hour, minute, second = '00', fraction = '', zone] = match;
	const millis = (fraction + '000').slice(0, 3);
	let offset = zone.toUpperCase();
	if (offset !== 'Z') {
		offset = offset.length === 3 ? `${offset}:00` : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
	}
	const canonical = `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`;
	const date = new Date(canonical);
	// Date() rolls 2024-02-30 over into March; a round trip of the calendar fields catches it.
	const local = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.000Z`);
	const fieldsValid =
		!Number.isNaN(local.getTime()) &&
		local.getUTCFullYear() === Number(year) &&
		local.getUTCMonth() + 1 === Number(month) &&
		local.getUTCDate() === Number(day);
	if (!fieldsValid || Number.isNaN(date.getTime())) {
		throw new InvalidMessageError(`Timestamp ${shortQuote(text)} is not a valid date`, `Use ${EXPECTED_FORM}.`);
	}
	return date.toISOString();
}

/**
 * Turns a timestamp given by the user (a string, a JavaScript Date or a Luxon DateTime
 * from an expression such as {{ $now }}) into Segment's form: UTC with milliseconds.
 */
export function normalizeTimestamp(value: unknown): string {
	if (typeof value === 'string') return fromString(value);
	if (value instanceof Date) return fromDate(value, shortQuote(String(value)));
	if (isDateLike(value)) return fromDate(value.toJSDate(), shortQuote(String(value)));
	if (typeof value === 'number') {
		throw new InvalidMessageError(
			`Timestamp is the number ${value}; a number could be seconds or milliseconds, so it is not guessed`,
			`Use ${EXPECTED_FORM}, or a date from an expression such as {{ DateTime.fromSeconds($json.time).toISO() }}.`,
		);
	}
	throw new InvalidMessageError(`Timestamp must be a date and time, not ${kindOf(value)}`, `Use ${EXPECTED_FORM}.`);
}
