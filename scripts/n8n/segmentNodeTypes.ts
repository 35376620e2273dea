import { Segment } from '../../nodes/Segment/Segment.node';
import { SegmentProfile } from '../../nodes/SegmentProfile/SegmentProfile.node';
import { SegmentWorkspace } from '../../nodes/SegmentWorkspace/SegmentWorkspace.node';

/** Which of the package's action nodes holds each resource, as n8n names the node type. */
const typeOfResource = new Map<string, string>();
for (const node of [new Segment(), new SegmentProfile(), new SegmentWorkspace()]) {
	const resource = node.description.properties.find((property) => property.name === 'resource');
	for (const option of (resource?.options ?? []) as Array<{ value: string }>) typeOfResource.set(option.value, `n8n-nodes-segment.${node.description.name}`);
}

/** The node type for a step with these parameters: the node of its resource (Tracking when none is given). */
export function segmentNodeType(parameters: Record<string, unknown>): string {
	const resource = String(parameters.resource ?? 'tracking');
	const type = typeOfResource.get(resource);
	if (!type) throw new Error(`No node of the package has the resource "${resource}"`);
	return type;
}
