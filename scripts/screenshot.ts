/**
 * Takes the README's screenshot of the Segment node in n8n's editor, with Debian's
 * Chromium (apt-get install chromium) driven headless by playwright-core, against a
 * playground already running (npm run dev).
 *
 *   node .build/scripts/screenshot.js [output.png]
 */
import { dirname, join } from 'node:path';

import { chromium } from 'playwright-core';

import { PLAYGROUND_LOGIN } from './dev';
import { exampleWorkflowId } from './n8n/workflows';

const N8N_URL = process.env.N8N_URL ?? 'http://127.0.0.1:5678';

async function main(): Promise<void> {
	const output = process.argv[2] ?? 'docs/segment-node.png';
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		const login = await page.request.post(`${N8N_URL}/rest/login`, {
			data: { emailOrLdapLoginId: PLAYGROUND_LOGIN.email, password: PLAYGROUND_LOGIN.password },
		});
		if (!login.ok()) throw new Error(`login answered ${login.status()}`);
		page.on('console', (message) => {
			if (message.type() === 'error') console.error(`browser: ${message.text()}`);
		});
		await page.goto(`${N8N_URL}/workflow/${exampleWorkflowId('signup')}`, { waitUntil: 'networkidle' });
		await page.getByText('Track Signed Up', { exact: true }).first().waitFor();
		// The webhook's pinned sample runs the workflow against the fake Segment.
		await page.getByRole('button', { name: 'Execute workflow' }).first().click({ force: true });
		await page.waitForTimeout(4_000);
		await page.screenshot({ path: output.replace(/\.png$/, '-workflow.png') });
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Track Signed Up' }).first().dblclick({ force: true });
		await page.waitForTimeout(1_500);
		await page.screenshot({ path: output });
		console.log(`Saved ${output.replace(/\.png$/, '-workflow.png')}`);
		console.log(`Saved ${output}`);

		// The real-time trigger's panel: its production URL, set-up and filters.
		const triggerShot = join(dirname(output), 'segment-webhook-trigger.png');
		await page.goto(`${N8N_URL}/workflow/${exampleWorkflowId('webhookTrigger')}`, { waitUntil: 'networkidle' });
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Segment Webhook Trigger' }).first().dblclick({ force: true });
		await page.waitForTimeout(1_500);
		await page.getByText('Webhook URLs', { exact: true }).first().click({ force: true });
		await page.waitForTimeout(500);
		await page.getByText('Production URL', { exact: true }).first().click({ force: true });
		await page.mouse.move(700, 850);
		await page.waitForTimeout(800);
		await page.screenshot({ path: triggerShot });
		console.log(`Saved ${triggerShot}`);

		// The nodes panel: the package's three nodes and its webhook trigger beside n8n's own Segment node.
		const panelShot = join(dirname(output), 'segment-nodes-panel.png');
		await page.goto(`${N8N_URL}/workflow/${exampleWorkflowId('signup')}`, { waitUntil: 'networkidle' });
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await page.locator('[data-test-id="node-creator-search-bar"]').first().fill('Segment');
		await page.waitForTimeout(1_200);
		await page.screenshot({ path: panelShot });
		console.log(`Saved ${panelShot}`);
	} finally {
		await browser.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
