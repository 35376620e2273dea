import { inputText } from '../../shared/inputText';
import { InvalidInputError } from '../../shared/InvalidInputError';

export interface EnabledAndName {
	enabled?: boolean;
	name?: string;
}

/**
 * The body of a PATCH that turns a source or destination on or off, or renames it. Pure.
 * An update that changes nothing is refused: it is almost always a forgotten field.
 */
export function enabledAndNameUpdate(fields: Record<string, unknown>, noun: string): EnabledAndName {
	const update: EnabledAndName = {};
	if (fields.enabled !== undefined) {
		if (typeof fields.enabled !== 'boolean') throw new InvalidInputError(`Enabled must be true or false, not ${JSON.stringify(fields.enabled)}`);
		update.enabled = fields.enabled;
	}
	if (fields.name !== undefined) {
		const name = inputText(fields.name, 'Name');
		if (name === '') throw new InvalidInputError(`Name is empty: give the ${noun} a name, or remove the field`);
		update.name = name;
	}
	if (Object.keys(update).length === 0) {
		throw new InvalidInputError(`Nothing to update: add Enabled or Name under Update Fields`, `Enabled turns the ${noun} on or off; Name renames it.`);
	}
	return update;
}
