import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** One Profile API look-up: what item `itemIndex` asks for, as output entries. */
export interface ProfileOperation {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]>;
}
