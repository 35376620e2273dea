/**
 * The `format`s a tracking plan's rule may check (draft-07 makes them optional; Segment's
 * plans use them for timestamps, emails and URLs). A format not named here is ignored, as
 * the draft says unknown formats are. Pure.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(z|[+-](\d{2}):(\d{2}))$/i;

function isLeapYear(year: number): boolean {
	return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function isDate(text: string): boolean {
	const match = DATE.exec(text);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

function isTime(text: string): boolean {
	const match = TIME.exec(text);
	if (!match) return false;
	const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const offsetHour = match[6] === undefined ? 0 : Number(match[6]);
	const offsetMinute = match[7] === undefined ? 0 : Number(match[7]);
	if (hour > 23 || minute > 59 || offsetHour > 23 || offsetMinute > 59) return false;
	if (second <= 59) return true;
	// A leap second is 23:59:60 in UTC only.
	if (second !== 60) return false;
	const sign = match[5].startsWith('-') ? -1 : 1;
	const utcMinutes = (((hour * 60 + minute - sign * (offsetHour * 60 + offsetMinute)) % 1440) + 1440) % 1440;
	return utcMinutes === 23 * 60 + 59;
}

function isDateTime(text: string): boolean {
	const parts = text.split(/t|\s/i);
	return parts.length === 2 && isDate(parts[0]) && isTime(parts[1]);
}

const HOSTNAME_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function isHostname(text: string): boolean {
	const host = text.endsWith('.') ? text.slice(0, -1) : text;
	if (host.length === 0 || host.length > 253) return false;
	return host.split('.').every((label) => HOSTNAME_LABEL.test(label) && !/^..--/.test(label.toLowerCase()) || /^xn--[a-z0-9-]+$/i.test(label));
}

function isIpv4(text: string): boolean {
	const parts = text.split('.');
	return parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

function isIpv6(text: string): boolean {
	if (!/^[0-9a-f:.]+$/i.test(text) || text.includes(':::')) return false;
	const doubled = text.split('::');
	if (doubled.length > 2) return false;
	const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
	const groups = [...groupsOf(doubled[0]), ...(doubled.length === 2 ? groupsOf(doubled[1]) : [])];
	let count = groups.length;
	const last = groups.at(-1);
	if (last !== undefined && last.includes('.')) {
		if (!isIpv4(last)) return false;
		count += 1;
		groups.pop();
	}
	if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
	return doubled.length === 2 ? count < 8 : count === 8;
}

// RFC 5322's dot-atom local part, or a quoted one, and a host name or an IP literal.
const EMAIL_LOCAL = /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"(?:[^"\\\r\n]|\\.)*")$/;

function isEmail(text: string): boolean {
	const at = text.lastIndexOf('@');
	if (at <= 0 || at === text.length - 1) return false;
	const local = text.slice(0, at);
	const domain = text.slice(at + 1);
	if (!EMAIL_LOCAL.test(local)) return false;
	if (domain.startsWith('[') && domain.endsWith(']')) {
		const literal = domain.slice(1, -1);
		return literal.toLowerCase().startsWith('ipv6:') ? isIpv6(literal.slice(5)) : isIpv4(literal);
	}
	return isHostname(domain);
}

// RFC 3986: characters allowed anywhere, and a percent only before two hex digits.
const ILLEGAL_URI_CHARACTERS = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]|%(?![0-9a-f]{2})/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function isAuthority(authority: string): boolean {
	const at = authority.lastIndexOf('@');
	const userInfo = at === -1 ? '' : authority.slice(0, at);
	if (userInfo.includes('@') || /[[\]]/.test(userInfo)) return false;
	const hostAndPort = authority.slice(at + 1);
	const literal = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostAndPort);
	if (literal) return isIpv6(literal[1]) || /^v[0-9a-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/i.test(literal[1]);
	return /^[^[\]:]*(?::\d*)?$/.test(hostAndPort);
}

function isUriReference(text: string): boolean {
	if (ILLEGAL_URI_CHARACTERS.test(text)) return false;
	const scheme = SCHEME.exec(text)?.[0] ?? '';
	const rest = text.slice(scheme.length);
	const hierarchy = rest.split(/[?#]/)[0];
	const afterHierarchy = rest.slice(hierarchy.length);
	// Brackets belong to an IP literal of the authority only.
	if (/[[\]]/.test(afterHierarchy) || (afterHierarchy.startsWith('?') && afterHierarchy.slice(1).split('#')[1]?.includes('#'))) return false;
	let path = hierarchy;
	if (hierarchy.startsWith('//')) {
		const end = hierarchy.indexOf('/', 2);
		const authority = end === -1 ? hierarchy.slice(2) : hierarchy.slice(2, end);
		if (!isAuthority(authority)) return false;
		path = end === -1 ? '' : hierarchy.slice(end);
	}
	if (/[[\]]/.test(path)) return false;
	// A relative path's first segment cannot hold a colon: it would read as a scheme.
	if (scheme === '' && !hierarchy.startsWith('/') && path.split('/')[0].includes(':')) return false;
	return (afterHierarchy.match(/#/g) ?? []).length <= 1;
}

function isUri(text: string): boolean {
	return SCHEME.test(text) && isUriReference(text);
}

const JSON_POINTER = /^(?:\/(?:[^~/]|~[01])*)*$/;

function isRelativeJsonPointer(text: string): boolean {
	const match = /^(0|[1-9]\d*)(.*)$/.exec(text);
	return match !== null && (match[2] === '#' || JSON_POINTER.test(match[2]));
}

function isRegex(text: string): boolean {
	try {
		new RegExp(text, 'u');
		return true;
	} catch {
		return false;
	}
}

const FORMATS: Record<string, { check: (text: string) => boolean; words: string }> = {
	'date-time': { check: isDateTime, words: 'a date and time such as 2024-01-15T08:30:00Z' },
	date: { check: isDate, words: 'a date such as 2024-01-15' },
	time: { check: isTime, words: 'a time with its offset such as 08:30:00Z' },
	email: { check: isEmail, words: 'an email address' },
	ipv4: { check: isIpv4, words: 'an IPv4 address such as 203.0.113.9' },
	ipv6: { check: isIpv6, words: 'an IPv6 address' },
	uri: { check: isUri, words: 'an absolute URI such as https://example.com/page' },
	'uri-reference': { check: isUriReference, words: 'a URI or a relative reference' },
	'json-pointer': { check: (text) => JSON_POINTER.test(text), words: 'a JSON pointer such as /a/b' },
	'relative-json-pointer': { check: isRelativeJsonPointer, words: 'a relative JSON pointer such as 0/a' },
	regex: { check: isRegex, words: 'a regular expression' },
};

export const KNOWN_FORMATS: ReadonlySet<string> = new Set(Object.keys(FORMATS));

/** What `text` should have been, or undefined when it is fine. */
export function formatProblem(format: string, text: string): string | undefined {
	const known = FORMATS[format];
	return known && !known.check(text) ? known.words : undefined;
}
