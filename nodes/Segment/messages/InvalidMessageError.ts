/**
 * Input that cannot become a valid Segment message. Its text is meant for the workflow
 * builder as it is; whoever catches it adds the item index.
 */
export class InvalidMessageError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'InvalidMessageError';
	}
}
