import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * An operation that answers each input item on its own (a look-up, a change, a request):
 * what item `itemIndex` asks for, as output entries.
 */
export interface ItemOperation {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]>;
}
