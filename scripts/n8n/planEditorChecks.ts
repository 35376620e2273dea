/**
 * The Segment node with a tracking plan chosen, in n8n's real editor: Event offers the
 * plan's events, and Properties Mode → From the Tracking Plan maps the event's planned
 * properties field by field.
 */
import { check } from './checks';
import type { EditorSession } from './editorChecks';
import { optionsOf } from './editorChecks';
import type { WorkflowFile } from './workflows';

export const PLAN_EDITOR_WORKFLOW_ID = 'e2ePlanEditor';
const NODE_NAME = 'Track With the Plan';

/** A workflow whose Segment node has the playground's Checkout Events plan chosen, its event fixed and its properties mapped. */
export function planEditorWorkflow(): WorkflowFile {
	return {
		id: PLAN_EDITOR_WORKFLOW_ID,
		name: 'E2E: a tracking plan in the editor',
		nodes: [
			{ id: 'plan-editor-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'plan-editor-track',
				name: NODE_NAME,
				type: 'n8n-nodes-segment.segment',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'tracking',
					operation: 'track',
					userId: 'user-7001',
					trackingPlanId: { __rl: true, mode: 'list', value: 'tp_checkout', cachedResultName: 'Checkout Events' },
					event: 'Order Completed',
					propertiesMode: 'fromPlan',
					plannedValues: { mappingMode: 'defineBelow', value: { order_id: 'ord-1', total: 10 }, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
					options: { dryRun: 'always' },
				},
				credentials: {
					segmentWriteKeyApi: { id: 'segmentWriteKeyExample', name: 'Segment Write Key' },
					segmentPublicApi: { id: 'segmentPublicApiExample', name: 'Segment Public API' },
				},
			},
		],
		connections: { Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export async function checkPlanInEditor(editor: EditorSession, n8nUrl: string): Promise<void> {
	const { page } = editor;
	await page.goto(`${n8nUrl}/workflow/${PLAN_EDITOR_WORKFLOW_ID}`, { waitUntil: 'networkidle' });
	editor.takeErrors();
	await page.locator('[data-test-id="canvas-node"]').filter({ hasText: NODE_NAME }).first().dblclick({ force: true });
	await page.locator('[data-test-id="parameter-input-event"]').first().waitFor();
	// The panel settles once the plan's credential slot and the event list have loaded.
	await page.waitForTimeout(2_000);
	const credentials = await Promise.all((await page.locator('[data-test-id="node-credentials-select"] input').all()).map(async (input) => await input.inputValue()));
	check('with a plan chosen, the node shows the Public API credential beside the write key', JSON.stringify(credentials.sort()) === JSON.stringify(['Segment Public API', 'Segment Write Key']), JSON.stringify(credentials));
	const events = await optionsOf(page, 'event').catch(async () => {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(2_000);
		return await optionsOf(page, 'event');
	});
	check("with a plan chosen, Event offers the plan's events", JSON.stringify(events) === JSON.stringify(['Checkout Started', 'Order Completed']), JSON.stringify(events));
	// The resource mapper lists the event's planned properties once it has asked the node for them.
	const panel = page.locator('[data-test-id="node-parameters"]').first();
	let text = '';
	for (let attempt = 0; attempt < 20 && !(text.includes('order_id') && text.includes('currency')); attempt++) {
		await page.waitForTimeout(300);
		text = await panel.innerText();
	}
	check('Properties Mode → From the Tracking Plan maps order_id, total and currency field by field', ['order_id', 'total', 'currency'].every((field) => text.includes(field)), text.slice(0, 800));
	const errors = editor.takeErrors();
	check('…with no error in the editor', errors.length === 0, errors.slice(0, 5).join('\n'));
	await page.keyboard.press('Escape');
}
