import { InvalidInputError } from '../../shared/InvalidInputError';
import { splitList } from '../../shared/splitList';

/**
 * A privacy request ("regulation" in Segment's API) as the Public API takes it. Pure: it
 * checks what Segment allows for each scope before anything is sent.
 */

export type RegulationScope = 'workspace' | 'source' | 'cloudSource';

export const MAX_SUBJECT_IDS = 5_000;

const SCOPE_LABELS: Record<RegulationScope, string> = { workspace: 'Workspace', source: 'Source', cloudSource: 'Cloud Source' };

/** The regulation types each scope takes. */
export const SCOPE_REGULATION_TYPES: Record<RegulationScope, readonly string[]> = {
	workspace: ['SUPPRESS_WITH_DELETE', 'DELETE_ONLY', 'SUPPRESS_ONLY', 'UNSUPPRESS', 'SUPPRESS_WITH_DELETE_INTERNAL', 'DELETE_INTERNAL'],
	source: ['SUPPRESS_WITH_DELETE', 'DELETE_ONLY', 'SUPPRESS_ONLY', 'UNSUPPRESS', 'SUPPRESS_WITH_DELETE_INTERNAL', 'DELETE_INTERNAL', 'DELETE_ARCHIVE_ONLY'],
	cloudSource: ['SUPPRESS_WITH_DELETE', 'DELETE_ONLY', 'SUPPRESS_ONLY', 'UNSUPPRESS', 'SUPPRESS_WITH_DELETE_INTERNAL', 'DELETE_INTERNAL'],
};

/** The subject types each scope takes. */
export const SCOPE_SUBJECT_TYPES: Record<RegulationScope, readonly string[]> = {
	workspace: ['USER_ID', 'OBJECT_ID'],
	source: ['USER_ID', 'ANONYMOUS_ID'],
	cloudSource: ['OBJECT_ID'],
};

/** The statuses after which nothing more happens to a request. */
export const FINAL_STATUSES = ['FINISHED', 'PARTIAL_SUCCESS', 'FAILED', 'INVALID', 'NOT_SUPPORTED'];

export function isFinalStatus(status: unknown): boolean {
	return FINAL_STATUSES.includes(String(status));
}

export interface RegulationInput {
	scope: RegulationScope;
	/** Already URL-encoded; needed for the source scopes. */
	sourceId?: string;
	regulationType: string;
	subjectType: string;
	subjectIds: unknown;
	collection?: unknown;
}

export interface RegulationRequest {
	path: string;
	body: { regulationType: string; subjectType: string; subjectIds: string[]; collection?: string };
}

/** IDs from a comma-separated text, a list, or a number from a spreadsheet; each once, as text. */
export function subjectIdList(value: unknown): string[] {
	const list = Array.isArray(value) ? value.filter((part) => part !== undefined && part !== null) : value;
	return [...new Set(splitList(list, 'Subject IDs'))];
}

export function regulationRequest(input: RegulationInput): RegulationRequest {
	const scope = SCOPE_LABELS[input.scope] ? input.scope : 'workspace';
	const label = SCOPE_LABELS[scope];
	if (!SCOPE_REGULATION_TYPES[scope].includes(input.regulationType)) {
		throw new InvalidInputError(`Regulation type ${input.regulationType} is not available for the ${label} scope`, 'Delete From Archive Only exists for the Source scope alone.');
	}
	if (!SCOPE_SUBJECT_TYPES[scope].includes(input.subjectType)) {
		throw new InvalidInputError(
			`Subject type ${input.subjectType} is not available for the ${label} scope: use ${SCOPE_SUBJECT_TYPES[scope].join(' or ')}`,
			'Object IDs belong to cloud sources; anonymous IDs can only be deleted from one source\'s archive.',
		);
	}
	if (input.subjectType === 'ANONYMOUS_ID' && input.regulationType !== 'DELETE_ARCHIVE_ONLY') {
		throw new InvalidInputError('Anonymous IDs can only be used with Delete From Archive Only');
	}
	const subjectIds = subjectIdList(input.subjectIds);
	if (subjectIds.length === 0) throw new InvalidInputError('Subject IDs is empty: give the ID of the person (or object) the request is about');
	if (subjectIds.length > MAX_SUBJECT_IDS) {
		throw new InvalidInputError(
			`${subjectIds.length} subject IDs in one request; Segment takes at most ${MAX_SUBJECT_IDS.toLocaleString('en-US')}`,
			'Split them over several items, e.g. with n8n\'s Loop Over Items node.',
		);
	}
	const body: RegulationRequest['body'] = { regulationType: input.regulationType, subjectType: input.subjectType, subjectIds };
	if (scope === 'workspace') return { path: '/regulations', body };
	if (!input.sourceId) throw new InvalidInputError(`The ${label} scope needs a source`);
	if (scope === 'source') return { path: `/regulations/sources/${input.sourceId}`, body };
	const collection = String(input.collection ?? '').trim();
	if (collection === '') throw new InvalidInputError('Collection is empty: give the cloud source collection the objects are in, e.g. users');
	return { path: `/regulations/cloudsources/${input.sourceId}`, body: { ...body, collection } };
}
