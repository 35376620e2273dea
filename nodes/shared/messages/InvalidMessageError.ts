import { InvalidInputError } from '../InvalidInputError';

/** Input that cannot become a valid Segment message. */
export class InvalidMessageError extends InvalidInputError {
	constructor(message: string, hint?: string) {
		super(message, hint);
		this.name = 'InvalidMessageError';
	}
}
