/**
 * Input a workflow builder gave that cannot be sent to Segment. Its text is meant for them
 * as it is; whoever catches it adds the item index.
 */
export class InvalidInputError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'InvalidInputError';
	}
}
