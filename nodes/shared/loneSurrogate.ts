// Half of a UTF-16 pair without its other half: text no URL, and no UTF-8 encoder, can carry as it is.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
	return LONE_SURROGATE.test(text);
}
